using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyInfoPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MigrationsTakeOver : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Written with dotnet-ef (no model change), then given these steps by hand.
            // The release before migrations kept the embedded simulators' tables in the portal's database.
            // The simulators now keep their own (their own SQLite file, or the "simulators" schema on
            // PostgreSQL) and never read these: stand-in data, dropped so that the portal's database holds
            // only the portal's tables. A database that never had them is left as it is.
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"GatewayReceipts\";");
            migrationBuilder.Sql("DROP TABLE IF EXISTS \"SimulatorAuthCodes\";");

            // SchemaInfo version 4 (DatabaseInitializer.MigrationsManagedVersion, kept literal here as a
            // migration never changes): migrations manage this database from now on, and the release before
            // them, which accepts only version 3, refuses it instead of running on a schema it does not know.
            migrationBuilder.Sql("DELETE FROM \"SchemaInfo\";");
            migrationBuilder.Sql("INSERT INTO \"SchemaInfo\" (\"Id\", \"Version\") VALUES (1, 4);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the release's stamp. The simulators' old tables are not made again: nothing reads them.
            migrationBuilder.Sql("DELETE FROM \"SchemaInfo\";");
            migrationBuilder.Sql("INSERT INTO \"SchemaInfo\" (\"Id\", \"Version\") VALUES (1, 3);");
        }
    }
}
