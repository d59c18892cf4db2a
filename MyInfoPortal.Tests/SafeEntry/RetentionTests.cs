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
        var simulatorPurged = await factory.Services.GetRequiredService<SimulatorHousekeeping>().PurgeAsync(CancellationToken.None);

        Assert.Equal((0, 0), purged);
        Assert.Equal((0, 0), simulatorPurged);
        Assert.Equal(1, await factory.WithDbAsync(db => db.UsedNonces.CountAsync()));
        Assert.Equal(1, await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync()));
        Assert.Equal(CheckInStatus.Accepted, (await factory.WithDbAsync(db => db.CheckIns.SingleAsync())).Status);
    }

    [Fact]
    public async Task PurgeRunsByItselfAtStart()
    {
        using var seed = new SafeEntryFactory();
        await seed.EnqueueAsync(SafeEntryFactory.Request());
        var data = seed.Folder.Combine("data");
        var certs = seed.Folder.Combine("certs");

        using var later = new SafeEntryFactory().With("Portal:DataPath", data).With("Portal:CertificatesPath", certs);
        later.Clock.Advance(TimeSpan.FromDays(26));
        _ = later.Services;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await later.WithDbAsync(db => db.CheckIns.CountAsync()) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await later.WithDbAsync(db => db.CheckIns.CountAsync()));
    }
}
