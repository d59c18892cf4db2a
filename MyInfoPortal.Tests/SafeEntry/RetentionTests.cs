using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

public sealed class RetentionTests
{
    [Fact]
    public async Task RecordsOlderThanTheRetentionPeriodArePurged()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:RetentionDays", "25");
        var old = await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromDays(20));
        var recent = await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));

        // The portal purges its own records; the gateway simulator purges what it received, by itself.
        var (checkIns, nonces) = await factory.Services.GetRequiredService<SafeEntryRetention>().PurgeAsync(CancellationToken.None);
        var (receipts, simulatorNonces) = await factory.Services.GetRequiredService<SimulatorHousekeeping>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, checkIns);
        Assert.Equal(1, receipts);
        Assert.Equal(2, nonces); // two outbound, older than a day
        Assert.Equal(2, simulatorNonces); // the same two, seen by the simulator
        var left = await factory.WithDbAsync(db => db.CheckIns.Select(c => c.Id).ToListAsync());
        Assert.Equal([recent.Id], left);
        Assert.DoesNotContain(old.Id, left);
        Assert.Equal(1, await factory.ReceiptCountAsync());
        Assert.Equal(0, await factory.WithDbAsync(db => db.UsedNonces.CountAsync()));
        Assert.Equal(0, await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync()));
    }

    [Fact]
    public async Task RecentNoncesAndRecordsStay()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromHours(23));

        var purged = await factory.Services.GetRequiredService<SafeEntryRetention>().PurgeAsync(CancellationToken.None);
        await factory.Services.GetRequiredService<SimulatorHousekeeping>().PurgeAsync(CancellationToken.None);

        // The portal keeps its outbound nonces a day. The gateway simulator keeps the receipt, but its nonce
        // only for twice its timestamp skew (a replay after that is refused on its timestamp).
        Assert.Equal((0, 0), purged);
        Assert.Equal(1, await factory.WithDbAsync(db => db.UsedNonces.CountAsync()));
        Assert.Equal(0, await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync()));
        Assert.Equal(1, await factory.ReceiptCountAsync());
        Assert.Equal(CheckInStatus.Accepted, (await factory.WithDbAsync(db => db.CheckIns.SingleAsync())).Status);
    }

    [Fact]
    public async Task TheGatewaySimulatorKeepsANonceForTwiceItsSkew()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();
        var housekeeping = factory.Services.GetRequiredService<SimulatorHousekeeping>();

        factory.Clock.Advance(housekeeping.NonceRetention - TimeSpan.FromSeconds(1));
        await housekeeping.PurgeAsync(CancellationToken.None);
        var early = await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync());
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        await housekeeping.PurgeAsync(CancellationToken.None);
        var late = await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync());

        Assert.Equal(1, early);
        Assert.Equal(0, late);
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task PurgeRunsByItselfAtStart()
    {
        // Accepted, so due for purging; a second, never delivered, must stay (see NothingUndeliveredIsPurged).
        using var seed = new SafeEntryFactory();
        await seed.EnqueueAsync(SafeEntryFactory.Request());
        await seed.DispatchAsync();
        var undelivered = await seed.EnqueueAsync(SafeEntryFactory.Request());
        var data = seed.Folder.Combine("data");
        var certs = seed.Folder.Combine("certs");

        using var later = new SafeEntryFactory().With("Portal:DataPath", data).With("Portal:CertificatesPath", certs);
        later.Clock.Advance(TimeSpan.FromDays(26));
        _ = later.Services;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await later.WithDbAsync(db => db.CheckIns.CountAsync()) > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal([undelivered.Id], await later.WithDbAsync(db => db.CheckIns.Select(c => c.Id).ToListAsync()));
    }

    [Fact]
    public async Task NothingUndeliveredIsPurgedAndTheLogAndDiagnosticsCountIt()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:RetentionDays", "25");
        var ids = new Dictionary<CheckInStatus, long>();
        foreach (var status in Enum.GetValues<CheckInStatus>())
        {
            ids[status] = (await factory.EnqueueAsync(SafeEntryFactory.Request())).Id;
            await factory.WithDbAsync(db => db.CheckIns.Where(c => c.Id == ids[status]).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status)));
        }

        factory.Clock.Advance(TimeSpan.FromDays(26));
        var fresh = await factory.EnqueueAsync(SafeEntryFactory.Request());
        var (checkIns, _) = await factory.Services.GetRequiredService<SafeEntryRetention>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, checkIns);
        var left = await factory.WithDbAsync(db => db.CheckIns.Select(c => c.Id).ToListAsync());
        Assert.DoesNotContain(ids[CheckInStatus.Accepted], left);
        Assert.Equal(
            ids.Where(i => i.Key != CheckInStatus.Accepted).Select(i => i.Value).Append(fresh.Id).Order(),
            left.Order());

        using var staff = await MyInfoPortal.Tests.Staff.StaffTestSupport.SignedInAsync(factory);
        var log = MyInfoPortal.Tests.Infrastructure.HtmlForm.Parse(await staff.GetStringAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var notice = log.QuerySelector("#log-past-retention")!;
        Assert.Equal("4", notice.QuerySelector("[data-count=PastRetention]")!.TextContent.Trim());
        Assert.Contains("25-day retention period", notice.TextContent, StringComparison.Ordinal);

        // Waiting: the fresh row and the two old ones still in the queue (pending, unconfirmed); the oldest is 26 days old.
        var diagnostics = MyInfoPortal.Tests.Infrastructure.HtmlForm.Parse(await staff.GetStringAsync(new Uri("/staff/diagnostics", UriKind.Relative)));
        var outbox = Settings(diagnostics, "diag-Outbox");
        Assert.Equal("3", outbox["Waiting to be sent (outbox depth)"]);
        Assert.Equal("1", outbox["Of which delivery unconfirmed"]);
        Assert.StartsWith("26 d 0 h", outbox["Oldest waiting"], StringComparison.Ordinal);
        Assert.Equal("2", outbox["Stopped, waiting for staff (failed or needs attention)"]);
        Assert.Equal("4", outbox["Not accepted and older than the 25-day retention period (kept until resolved)"]);
    }

    [Fact]
    public async Task DiagnosticsShowAnEmptyOutbox()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();

        using var staff = await MyInfoPortal.Tests.Staff.StaffTestSupport.SignedInAsync(factory);
        var diagnostics = MyInfoPortal.Tests.Infrastructure.HtmlForm.Parse(await staff.GetStringAsync(new Uri("/staff/diagnostics", UriKind.Relative)));
        var outbox = Settings(diagnostics, "diag-Outbox");
        Assert.Equal("0", outbox["Waiting to be sent (outbox depth)"]);
        Assert.Equal("none waiting", outbox["Oldest waiting"]);
        Assert.Equal("0", outbox["Not accepted and older than the 25-day retention period (kept until resolved)"]);
    }

    /// <summary>The name/value pairs of one diagnostics section, found by its heading's id.</summary>
    private static Dictionary<string, string> Settings(AngleSharp.Html.Dom.IHtmlDocument page, string headingId)
    {
        var section = page.QuerySelector($"section[aria-labelledby='{headingId}']")!;
        var names = section.QuerySelectorAll("dl.diagnostics-settings > dt").Select(d => d.TextContent.Trim()).ToList();
        var values = section.QuerySelectorAll("dl.diagnostics-settings > dd").Select(d => d.TextContent.Trim()).ToList();
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }
}
