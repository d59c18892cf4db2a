using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Tests.Staff;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.Migrations;

/// <summary>
/// The upgrade the release's operators will make: the new portal starts on a database that the release
/// before migrations made and filled, adopts it, migrates it, and then everything in it still works.
/// </summary>
internal static class UpgradeScenario
{
    public static async Task RunAsync(SafeEntryFactory factory, ReleaseV3Database database, bool withSimulatorTables = true)
    {
        await database.CreateSchemaAsync(withSimulatorTables);
        var seeded = await database.SeedAsync(factory.Clock.GetUtcNow().UtcDateTime, factory.Folder.Combine("data", "keys"));
        var before = await database.SnapshotAsync();
        foreach (var table in ReleaseV3Database.PortalTables)
        {
            Assert.True(before[table].Count > 0, $"the seed wrote no row in {table}");
        }

        // The new portal starts on it: adoption and migrations run before the host serves anything.
        _ = factory.Services;

        Assert.Contains(factory.Logs.Lines, line => line.Contains("matches the baseline", StringComparison.Ordinal));
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(db.Database.GetMigrations(), await database.MigrationHistoryAsync());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        // Every row of every portal table is still there, unchanged; what later migrations added holds its default.
        var after = await database.SnapshotAsync();
        ReleaseV3Database.AssertRowsKept(before, after);
        Assert.All(after["LoginFlows"], row => Assert.Equal("0", row["Provider"]));
        Assert.All(after["ResidentSessions"], row => Assert.Equal("0", row["Provider"]));

        // Migrations manage it now; the simulators' leftovers are gone (they keep their own database).
        Assert.Equal([DatabaseInitializer.MigrationsManagedVersion], await database.SchemaVersionsAsync());
        foreach (var table in ReleaseV3Database.SimulatorTables)
        {
            Assert.False(await database.TableExistsAsync(table), table + " is still in the portal's database");
        }

        // The install secret and the Data Protection keys still work: the visitor's keyed hash computed now
        // finds the check-in stored by the release.
        using (var scope = factory.Services.CreateScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<ICheckInOutbox>();
            var found = await outbox.FindLatestForVisitorAsync(ReleaseV3Database.Visitor, ReleaseV3Database.VenueId, seeded.CreatedAt.AddMinutes(-1), CancellationToken.None);
            Assert.Equal(seeded.SubmissionId, found?.SubmissionId);
        }

        // The check-in the release could not send is delivered to the SafeEntry gateway simulator.
        Assert.Equal(CheckInStatus.Pending, (await factory.CheckInAsync(seeded.SubmissionId)).Status);
        await factory.DispatchAsync();
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(seeded.SubmissionId)).Status);
        var receipt = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().SingleAsync());
        Assert.Equal(ReleaseV3Database.VenueId, receipt.VenueId);
        Assert.Equal(Nric.Mask(ReleaseV3Database.Visitor), receipt.SubMasked);

        // The staff account signs in with its password and finds its venue.
        using var browser = StaffTestSupport.NewBrowser(factory);
        var signedIn = await StaffTestSupport.SubmitLoginAsync(browser, seeded.StaffUserName, seeded.StaffPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var venues = await browser.GetAsync(new Uri("/kiosk/venues", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, venues.StatusCode);
        Assert.Contains(seeded.VenueName, await venues.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts the real portal, which must refuse: exit code 1 and the reason in its output (the failed start is
    /// logged before the process ends). Returns that output.
    /// </summary>
    public static async Task<string> StartRefusedAsync(PortalProcess portal)
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync());
        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("The database ", portal.Output, StringComparison.Ordinal);
        return portal.Output;
    }
}
