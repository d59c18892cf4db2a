using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyInfoPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SingpassSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Provider",
                table: "ResidentSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "NonceHash",
                table: "LoginFlows",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedSecrets",
                table: "LoginFlows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Provider",
                table: "LoginFlows",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Provider",
                table: "ResidentSessions");

            migrationBuilder.DropColumn(
                name: "NonceHash",
                table: "LoginFlows");

            migrationBuilder.DropColumn(
                name: "ProtectedSecrets",
                table: "LoginFlows");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "LoginFlows");
        }
    }
}
