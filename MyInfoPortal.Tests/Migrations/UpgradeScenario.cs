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

        // Every row of every portal table is still there, unchanged.
        var after = await database.SnapshotAsync();
        foreach (var table in ReleaseV3Database.PortalTables)
        {
            foreach (var row in before[table])
            {
                Assert.Contains(row, after[table]);
            }
        }

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

    /// <summary>The start-up failure, from wherever the host put it.</summary>
    public static InvalidOperationException StartRefused(PortalFactory factory)
    {
        var thrown = Assert.ThrowsAny<Exception>(() => factory.Services);
        for (Exception? e = thrown; e is not null; e = e is AggregateException a ? a.InnerExceptions[0] : e.InnerException)
        {
            if (e is InvalidOperationException refused && refused.Message.StartsWith("The database ", StringComparison.Ordinal))
            {
                return refused;
            }
        }

        throw new Xunit.Sdk.XunitException("The portal did not refuse the database: " + thrown);
    }
}
