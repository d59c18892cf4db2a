using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Migrations;

/// <summary>
/// Schema upgrades at start on PostgreSQL (a private server, see <see cref="PostgresServer"/>): the release's
/// database adopted, a newer one refused, and instances that start at the same moment.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class PostgresMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task DatabaseOfTheReleaseBeforeMigrationsIsUpgradedInPlaceAndItsPendingCheckInDelivered()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        using var factory = new SafeEntryFactory()
            .With("Portal:Database", "Postgres")
            .With("ConnectionStrings:Portal", connectionString);

        await UpgradeScenario.RunAsync(factory, ReleaseV3Database.Postgres(connectionString));
    }

    [Fact]
    public async Task DatabaseUpgradedByANewerVersionIsRefusedAtStart()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using (var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options))
        {
            await db.Database.MigrateAsync();
        }

        var database = ReleaseV3Database.Postgres(connectionString);
        await database.ExecuteAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29990101000000_FromANewerPortal', '10.0.15')");
        var history = await database.MigrationHistoryAsync();
        await using var portal = new PortalProcess(Settings(connectionString));

        var refused = await UpgradeScenario.StartRefusedAsync(portal);

        Assert.Contains("was upgraded by a newer version of MyInfoPortal", refused, StringComparison.Ordinal);
        Assert.Contains("29990101000000_FromANewerPortal", refused, StringComparison.Ordinal);
        Assert.Contains($"'{new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database}' on 127.0.0.1:{postgres.Server.Port}", refused, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Portal", refused, StringComparison.Ordinal);
        Assert.Equal(history, await database.MigrationHistoryAsync());
    }

    [Fact]
    public async Task TwoInstancesStartingAtOnceOnAnEmptyDatabaseBothComeUp()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var a = new PortalProcess(Settings(connectionString));
        await using var b = new PortalProcess(Settings(connectionString));

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        var database = ReleaseV3Database.Postgres(connectionString);
        await using var db = new PostgresPortalDbContextFactory().CreateDbContext([]);
        Assert.Equal(db.Database.GetMigrations(), await database.MigrationHistoryAsync());
        Assert.Equal([DatabaseInitializer.MigrationsManagedVersion], await database.SchemaVersionsAsync());
    }

    [Fact]
    public async Task TwoInstancesStartingAtOnceOnTheReleasesDatabaseAdoptItOnceAndDeliverItsCheckInOnce()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        var database = ReleaseV3Database.Postgres(connectionString);
        await database.CreateSchemaAsync();
        using var unused = new TempFolder("mip-keys");
        var seeded = await database.SeedAsync(DateTime.UtcNow, unused.Path);
        var before = await database.SnapshotAsync();
        await using var a = new PortalProcess(Settings(connectionString));
        await using var b = new PortalProcess(Settings(connectionString));

        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        await using var db = new PostgresPortalDbContextFactory().CreateDbContext([]);
        Assert.Equal(db.Database.GetMigrations(), await database.MigrationHistoryAsync());
        Assert.Single(new[] { a.Output, b.Output }, output => output.Contains("matches the baseline", StringComparison.Ordinal));
        ReleaseV3Database.AssertRowsKept(before, await database.SnapshotAsync(), dispatching: true);

        // Both dispatchers run against it: the release's pending check-in reaches the gateway simulator once.
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString).Options;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        CheckInStatus status;
        do
        {
            await Task.Delay(250);
            await using var check = new PortalDbContext(options);
            status = (await check.CheckIns.AsNoTracking().SingleAsync(c => c.SubmissionId == seeded.SubmissionId)).Status;
        }
        while (status != CheckInStatus.Accepted && DateTime.UtcNow < deadline);

        Assert.Equal(CheckInStatus.Accepted, status);
        await using var gateway = new SimulatorDbContext(new DbContextOptionsBuilder<SimulatorDbContext>().UseNpgsql(connectionString).Options);
        Assert.Equal(1, await gateway.GatewayReceipts.CountAsync());
    }

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Portal:Database"] = "Postgres",
        ["ConnectionStrings:Portal"] = connectionString,
        ["SafeEntry:PollInterval"] = "00:00:01",
    };
}
