using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyInfoPortal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffLogCountsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CheckIns_DayCounts",
                table: "CheckIns",
                columns: new[] { "CreatedAt", "Status", "ActionType", "VenueId", "SubLookup", "TenantId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CheckIns_DayCounts",
                table: "CheckIns");
        }
    }
}
