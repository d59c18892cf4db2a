using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>What the outbox stores, and that one submission id is one row however often it arrives.</summary>
public sealed class CheckInOutboxTests
{
    [Fact]
    public async Task StoresProtectedValuesWithMaskedCopiesAndAKeyedLookup()
    {
        using var factory = new SafeEntryFactory();

        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request(sub: " s9960846c ", mobile: "+65 9237 6345", tenant: " VENUE1 ",
            venue: "STG-180000001W-83341-SEQRSELFTESTMULTI-SE"));

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal("*****846C", row.SubMasked);
        Assert.Equal("*****846C", receipt.SubMasked);
        Assert.Equal("****6345", row.MobileMasked);
        Assert.Equal("VENUE1", row.TenantId);
        Assert.Equal(CheckInStatus.Pending, row.Status);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(row.CreatedAt, row.NextAttemptAt);
        Assert.DoesNotContain("9960846", row.ProtectedSub, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("92376345", row.ProtectedMobileNo, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", row.SubLookup);

        var protector = factory.Services.GetRequiredService<CheckInProtector>();
        Assert.Equal("S9960846C", protector.Unprotect(row.ProtectedSub));
        Assert.Equal("92376345", protector.Unprotect(row.ProtectedMobileNo));

        // Keyed: not a bare hash of the ID that anyone could compute.
        Assert.NotEqual(Web.Common.Hashing.Sha256Hex("S9960846C"), row.SubLookup);
    }

    [Fact]
    public async Task SequentialResubmissionsReturnTheStoredRow()
    {
        using var factory = new SafeEntryFactory();
        var request = SafeEntryFactory.Request();

        var first = await factory.EnqueueAsync(request);
        var again = await factory.EnqueueAsync(request with { Sub = "T0066846F" });

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("*****846C", again.SubMasked);
        Assert.Equal(1, await factory.WithDbAsync(db => db.CheckIns.CountAsync()));
    }

    [Fact]
    public async Task ConcurrentSubmissionsWithOneIdStoreOneRow()
    {
        using var factory = new SafeEntryFactory();
        var request = SafeEntryFactory.Request();
        _ = factory.Services;

        var receipts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => factory.EnqueueAsync(request))));

        Assert.Single(receipts, r => !r.Duplicate);
        Assert.Single(receipts.Select(r => r.Id).Distinct());
        Assert.Equal(1, await factory.WithDbAsync(db => db.CheckIns.CountAsync()));
    }

    [Fact]
    public async Task FindsTheSameVisitorsLatestSubmissionAtTheVenueToday()
    {
        using var factory = new SafeEntryFactory();
        const string venue = "STG-180000001W-83339-HAWKERCENTRE-SE";
        var midnight = factory.Clock.GetUtcNow().UtcDateTime.Date;
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "S9960846C", venue: venue, action: "checkin"));
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "S9960846C", venue: venue, action: "checkout"));
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F", venue: venue));

        await using var scope = factory.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<ICheckInOutbox>();

        var found = await outbox.FindLatestForVisitorAsync("s9960846c ", venue, midnight, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(later.Id, found.Id);
        Assert.Equal("checkout", found.ActionType);
        Assert.Null(await outbox.FindLatestForVisitorAsync("S9960846C", "STG-180000001W-83340-COMMUNITYCLUB-SE", midnight, CancellationToken.None));
        Assert.Null(await outbox.FindLatestForVisitorAsync("S9960846C", venue, midnight.AddDays(1), CancellationToken.None));
        Assert.Null(await outbox.FindLatestForVisitorAsync("F1234567N", venue, midnight, CancellationToken.None));
    }

    [Fact]
    public async Task LookupKeyIsSharedThroughTheDatabaseByEveryInstance()
    {
        using var first = new SafeEntryFactory();
        var receipt = await first.EnqueueAsync(SafeEntryFactory.Request());
        var stored = (await first.CheckInAsync(receipt.SubmissionId)).SubLookup;

        // A second instance on the same database and key ring (as after a restart, or beside the first).
        using var second = new SafeEntryFactory()
            .With("Portal:DataPath", first.Folder.Combine("data"))
            .With("Portal:CertificatesPath", first.Folder.Combine("certs"));
        var computed = await second.Services.GetRequiredService<VisitorLookup>().ComputeAsync("S9960846C", CancellationToken.None);

        Assert.Equal(stored, computed);
        var secret = await first.WithDbAsync(db => db.InstallSecrets.AsNoTracking().SingleAsync());
        Assert.Equal(VisitorLookup.SecretName, secret.Name);
        Assert.StartsWith("CfDJ8", secret.ProtectedValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreadableLookupKeyIsReplacedSoCheckInsStillWork()
    {
        using var factory = new SafeEntryFactory();
        _ = factory.Services;
        await factory.WithDbAsync(async db =>
        {
            db.InstallSecrets.Add(new InstallSecret { Name = VisitorLookup.SecretName, ProtectedValue = "sealed-by-a-lost-key" });
            return await db.SaveChangesAsync();
        });

        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        Assert.Matches("^[0-9a-f]{64}$", (await factory.CheckInAsync(receipt.SubmissionId)).SubLookup);
        Assert.NotEqual("sealed-by-a-lost-key", (await factory.WithDbAsync(db => db.InstallSecrets.AsNoTracking().SingleAsync())).ProtectedValue);
        Assert.Contains(factory.Logs.Lines, l => l.Contains("[2017]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForOutcomeReturnsPendingWhenNothingHappensInTime()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        var outcome = await factory.WaitForOutcomeAsync(receipt, TimeSpan.FromMilliseconds(300));

        Assert.Equal(CheckInStatus.Pending, outcome!.Status);
    }

    [Fact]
    public async Task TheDispatcherSignalsTheOutcomeItWroteAndAFinishedWaitLeavesNothingBehind()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        var signal = factory.Services.GetRequiredService<CheckInOutcomeSignal>();
        var waiting = factory.WaitForOutcomeAsync(receipt, TimeSpan.FromSeconds(20));
        var watched = signal.Watch(receipt.Id);

        Assert.Equal(1, await factory.DispatchAsync());

        // The dispatcher's write completes what a waiter watches, with no look at the clock...
        Assert.True(watched.IsCompletedSuccessfully);
        signal.Unwatch(receipt.Id, watched);
        var outcome = await waiting;
        Assert.Equal(CheckInStatus.Accepted, outcome!.Status);

        // ...and neither this watch nor the outbox's own stays in the table.
        Assert.Equal(0, signal.Count);
    }

    [Fact]
    public async Task ARetryScheduledForLaterKeepsTheWaitGoingUntilTheGatewayAnswers()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        var waiting = factory.WaitForOutcomeAsync(receipt, TimeSpan.FromSeconds(20));

        // The first attempt fails and is written back as pending with a retry due later: a write, but no answer.
        factory.Gateway.FailNext(1);
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal(CheckInStatus.Pending, (await factory.CheckInAsync(receipt.SubmissionId)).Status);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(waiting.IsCompleted);

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal(CheckInStatus.Accepted, (await waiting)!.Status);
    }

    [Fact]
    public void WaitersOnOneRowShareTheSignalUntilTheLastLetsGo()
    {
        var signal = new CheckInOutcomeSignal();
        var first = signal.Watch(7);
        var second = signal.Watch(7);
        var other = signal.Watch(8);
        Assert.Same(first, second);

        signal.Unwatch(7, first);
        Assert.Equal(2, signal.Count);
        signal.Written(7);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(other.IsCompleted);

        // A waiter that lets go after the write cannot remove a later watch of the same row.
        var later = signal.Watch(7);
        signal.Unwatch(7, second);
        signal.Written(7);
        Assert.True(later.IsCompletedSuccessfully);
        signal.Unwatch(8, other);
        Assert.Equal(0, signal.Count);
    }

    [Theory]
    [InlineData("enter", "uinfin")]
    [InlineData("checkin", "passport")]
    public async Task RequestsOutsideTheApiVocabularyAreRefusedBeforeStoring(string action, string subType)
    {
        using var factory = new SafeEntryFactory();

        await Assert.ThrowsAsync<ArgumentException>(() => factory.EnqueueAsync(SafeEntryFactory.Request(action: action, subType: subType)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.CheckIns.CountAsync()));
    }

    [Fact]
    public async Task NothingPersonalIsStoredInTheClear()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F", mobile: "91234567"));
        await factory.DispatchAsync();

        // Close every pooled connection so the whole database is on disk, then read the raw bytes.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(factory.Folder.Combine("data", "portal.db"));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        var wal = factory.Folder.Combine("data", "portal.db-wal");
        if (File.Exists(wal))
        {
            text += System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(wal));
        }

        Assert.Contains("*****846F", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("[STFGM][0-9]{7}[A-Z]"), text);
        Assert.DoesNotContain("91234567", text, StringComparison.Ordinal);
    }
}
