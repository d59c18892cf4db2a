using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyInfoPortal.Web.Data.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "NonceHash",
                table: "LoginFlows",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedSecrets",
                table: "LoginFlows",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Provider",
                table: "LoginFlows",
                type: "integer",
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
