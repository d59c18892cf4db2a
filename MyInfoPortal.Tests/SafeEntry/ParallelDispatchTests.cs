using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>Several submissions in flight at once: each still sent once, and each person's in order.</summary>
public sealed class ParallelDispatchTests
{
    private static readonly string[] People = ["S1234567D", "T1234567J", "M5043078W", "S9960846C", "S9812381D", "S7204518A"];

    [Fact]
    public async Task ManyInFlightSendEachRowOnceAndNeverACheckOutBeforeItsCheckIn()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:DispatchConcurrency", "8");

        // Everyone comes in, goes out and comes back, the submissions interleaved across people.
        string[] actions = ["checkin", "checkout", "checkin"];
        foreach (var action in actions)
        {
            foreach (var person in People)
            {
                await factory.EnqueueAsync(SafeEntryFactory.Request(sub: person, action: action));
            }
        }

        var passes = 0;
        var sent = 0;
        int pass;
        while ((pass = await factory.DispatchAsync()) > 0 && passes++ < 20)
        {
            sent += pass;
        }

        Assert.Equal(People.Length * actions.Length, sent);
        var receipts = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(People.Length * actions.Length, receipts.Count);
        foreach (var person in People)
        {
            var theirs = receipts.Where(r => r.SubMasked.EndsWith(person[^4..], StringComparison.Ordinal)).Select(r => r.ActionType).ToList();
            Assert.Equal(actions, theirs);
        }

        Assert.Equal(receipts.Count, await factory.WithDbAsync(db => db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted && c.Attempts == 1)));
    }

    [Fact]
    public async Task ACheckOutWaitsWhileItsCheckInIsStillBeingRetried()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:DispatchConcurrency", "8");
        var checkIn = await factory.EnqueueAsync(SafeEntryFactory.Request(sub: People[0]));
        factory.Gateway.FailNext(1);
        await factory.DispatchAsync();
        Assert.Equal(CheckInStatus.Pending, (await factory.CheckInAsync(checkIn.SubmissionId)).Status);

        var checkOut = await factory.EnqueueAsync(SafeEntryFactory.Request(sub: People[0], action: "checkout"));
        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Equal(CheckInStatus.Pending, (await factory.CheckInAsync(checkOut.SubmissionId)).Status);

        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        await factory.DispatchAsync();
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(checkIn.SubmissionId)).Status);
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(checkOut.SubmissionId)).Status);
        var order = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().OrderBy(r => r.Id).Select(r => r.ActionType).ToListAsync());
        Assert.Equal(["checkin", "checkout"], order);
    }
}
