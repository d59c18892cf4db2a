using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Migrations;

/// <summary>Schema upgrades at start on SQLite: the release's database adopted, and what is refused.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class SqliteMigrationTests
{
    [Fact]
    public async Task DatabaseOfTheReleaseBeforeMigrationsIsUpgradedInPlaceAndItsPendingCheckInDelivered()
    {
        using var factory = new SafeEntryFactory();
        await UpgradeScenario.RunAsync(factory, ReleaseV3Database.Sqlite(DatabaseFile(factory)));
    }

    [Fact]
    public async Task VersionThreeDatabaseWithoutTheSimulatorTablesIsAdoptedToo()
    {
        // The same schema less GatewayReceipts and SimulatorAuthCodes: what builds made after the simulators
        // moved out and before migrations came.
        using var factory = new SafeEntryFactory();
        await UpgradeScenario.RunAsync(factory, ReleaseV3Database.Sqlite(DatabaseFile(factory)), withSimulatorTables: false);
    }

    [Fact]
    public async Task NewDatabaseIsMadeByTheMigrations()
    {
        using var factory = new PortalFactory();
        _ = factory.Services;

        var database = ReleaseV3Database.Sqlite(factory.Folder.Combine("data", "portal.db"));
        await using var db = new SqlitePortalDbContext(Options(factory.Folder.Combine("data", "portal.db")));
        Assert.Equal(db.Database.GetMigrations(), await database.MigrationHistoryAsync());
        Assert.Equal([DatabaseInitializer.MigrationsManagedVersion], await database.SchemaVersionsAsync());
    }

    [Fact]
    public async Task DatabaseUpgradedByANewerVersionIsRefusedAtStartWithExitCodeOne()
    {
        await using var portal = new PortalProcess();
        var file = Path.Combine(portal.DataFolder, "portal.db");
        Directory.CreateDirectory(portal.DataFolder);
        await using (var db = new SqlitePortalDbContext(Options(file)))
        {
            await db.Database.MigrateAsync();
        }

        await ReleaseV3Database.Sqlite(file).ExecuteAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromANewerPortal', '10.0.15')");

        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync());

        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("was upgraded by a newer version of MyInfoPortal", portal.Output, StringComparison.Ordinal);
        Assert.Contains("29990101000000_FromANewerPortal", portal.Output, StringComparison.Ordinal);
        Assert.Contains(file, portal.Output, StringComparison.Ordinal);
        Assert.Contains("Portal:DataPath", portal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionThreeDatabaseWhoseSchemaIsNotTheReleasesIsRefusedUntouched()
    {
        await using var portal = new PortalProcess();
        var database = ReleaseV3Database.Sqlite(DatabaseFile(portal));
        await database.CreateSchemaAsync();
        await database.ExecuteAsync("ALTER TABLE \"Venues\" ADD COLUMN \"Colour\" TEXT NULL");
        await database.ExecuteAsync("DROP INDEX \"IX_CheckIns_CreatedAt\"");

        var refused = await UpgradeScenario.StartRefusedAsync(portal);

        Assert.Contains("its schema is not that release's", refused, StringComparison.Ordinal);
        Assert.Contains("column Venues.Colour was not in that release", refused, StringComparison.Ordinal);
        Assert.Contains("index IX_CheckIns_CreatedAt is missing", refused, StringComparison.Ordinal);
        Assert.False(await database.TableExistsAsync("__EFMigrationsHistory"));
        Assert.Equal([DatabaseInitializer.ReleaseBeforeMigrationsVersion], await database.SchemaVersionsAsync());
    }

    [Fact]
    public async Task DatabaseOfAnotherSchemaVersionIsRefusedUntouched()
    {
        await using var portal = new PortalProcess();
        var database = ReleaseV3Database.Sqlite(DatabaseFile(portal));
        await database.CreateSchemaAsync();
        await database.ExecuteAsync("UPDATE \"SchemaInfo\" SET \"Version\" = 2");

        var refused = await UpgradeScenario.StartRefusedAsync(portal);

        Assert.Contains("records schema version 2", refused, StringComparison.Ordinal);
        Assert.False(await database.TableExistsAsync("__EFMigrationsHistory"));
    }

    [Fact]
    public async Task DatabaseWithTablesButNoPortalSchemaIsRefusedUntouched()
    {
        await using var portal = new PortalProcess();
        var database = ReleaseV3Database.Sqlite(DatabaseFile(portal));
        await database.ExecuteAsync("CREATE TABLE \"Orders\" (\"Id\" INTEGER PRIMARY KEY)");

        var refused = await UpgradeScenario.StartRefusedAsync(portal);

        Assert.Contains("was not made by the portal", refused, StringComparison.Ordinal);
        Assert.False(await database.TableExistsAsync("__EFMigrationsHistory"));
    }

    private static string DatabaseFile(PortalProcess portal) =>
        Path.Combine(Directory.CreateDirectory(portal.DataFolder).FullName, "portal.db");

    private static string DatabaseFile(PortalFactory factory) =>
        Path.Combine(Directory.CreateDirectory(factory.Folder.Combine("data")).FullName, "portal.db");

    private static DbContextOptions<SqlitePortalDbContext> Options(string file) =>
        new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options;
}
