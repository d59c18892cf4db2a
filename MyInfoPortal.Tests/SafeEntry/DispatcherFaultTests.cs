using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>The outbox and dispatcher against the embedded gateway simulator, driven pass by pass on a test clock.</summary>
public sealed class DispatcherFaultTests
{
    [Fact]
    public async Task SubmissionIsSignedEncryptedAndAcceptedByTheGateway()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        Assert.Equal(CheckInStatus.Pending, receipt.Status);
        Assert.Equal(1, await factory.DispatchAsync());

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, row.AcceptedAt);
        Assert.Null(row.LastError);
        Assert.Null(row.LeaseUntil);

        var received = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().SingleAsync());
        Assert.Equal("STG-180000001W-83338-SEQRSELFTESTSINGLE-SE", received.VenueId);
        Assert.Equal("checkin", received.ActionType);
        Assert.Equal("uinfin", received.SubType);
        Assert.Equal("*****846C", received.SubMasked);
        Assert.Equal("****6345", received.MobileMasked);
        Assert.Equal(201, Assert.Single(factory.Gateway.Requests).StatusCode);
    }

    [Fact]
    public async Task GatewayDownThenUpDeliversTheSubmissionExactlyOnce()
    {
        using var factory = new SafeEntryFactory().With("Simulators:SafeEntry:Fault", "Down");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();
        // The simulator's "Down" drops the connection once the request has arrived: from the portal's side
        // the request went out and no answer came, so the delivery is unconfirmed and the retry waits longer.
        var afterFirst = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Unconfirmed, afterFirst.Status);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.Equal(SafeEntryOutcome.ConnectionLost.Detail, afterFirst.LastError);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime + SafeEntryFactory.UnconfirmedRetryDelay, afterFirst.NextAttemptAt);

        // Still down: the backoff has not passed, so nothing is sent; then once more after it has.
        Assert.Equal(0, await factory.DispatchAsync());
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        Assert.Equal(0, await factory.ReceiptCountAsync());
        Assert.Equal(2, factory.Gateway.Requests.Count);

        factory.Gateway.Fault = GatewayFault.None;
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Equal(1, await factory.ReceiptCountAsync());
        Assert.Equal(3, factory.Gateway.Requests.Count);
    }

    [Fact]
    public async Task ThreeServerErrorsThenCreatedGivesOneAcceptedRecordAndAFreshNonceEachAttempt()
    {
        using var factory = new SafeEntryFactory();
        factory.Gateway.FailNext(3);
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        for (var pass = 0; pass < 6; pass++)
        {
            await factory.DispatchAsync();
            factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        }

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.Equal(4, row.Attempts);
        Assert.Equal(1, await factory.ReceiptCountAsync());

        var requests = factory.Gateway.Requests;
        Assert.Equal([500, 500, 500, 201], requests.Select(r => r.StatusCode));
        var nonces = requests.Select(r => r.Nonce).ToList();
        Assert.All(nonces, n => Assert.False(string.IsNullOrEmpty(n)));
        Assert.Equal(4, nonces.Distinct().Count());
        Assert.Equal(4, requests.Select(r => r.Timestamp).Distinct().Count());

        var recorded = await factory.WithDbAsync(db => db.UsedNonces.Where(n => n.Scope == NonceLedger.SafeEntryOutbound).Select(n => n.Nonce).ToListAsync());
        Assert.Equal(nonces.Order(), recorded.Order());
    }

    [Fact]
    public async Task DuplicateSubmissionIdKeepsOneRowAndSendsOnce()
    {
        using var factory = new SafeEntryFactory();
        var request = SafeEntryFactory.Request();

        var first = await factory.EnqueueAsync(request);
        var second = await factory.EnqueueAsync(request);
        await factory.DispatchAsync();
        var third = await factory.EnqueueAsync(request);
        await factory.DispatchAsync();

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.True(third.Duplicate);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(CheckInStatus.Accepted, third.Status);
        Assert.Equal(1, await factory.WithDbAsync(db => db.CheckIns.CountAsync()));
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task GatewayValidationErrorFailsPermanentlyWithItsMessageUntilStaffRetry()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request(venue: "STG-NO-SUCH-VENUE-SE"));

        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Failed, row.Status);
        Assert.Equal("Invalid venue", row.LastError);
        Assert.Equal(1, row.Attempts);
        Assert.Single(factory.Gateway.Requests);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<ICheckInOutbox>();
            Assert.True(await outbox.RetryAsync(row.Id, CancellationToken.None));
            Assert.False(await outbox.RetryAsync(row.Id, CancellationToken.None));
        }

        var retried = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Pending, retried.Status);
        await factory.DispatchAsync();
        Assert.Equal(2, factory.Gateway.Requests.Count);
        Assert.Equal(CheckInStatus.Failed, (await factory.CheckInAsync(receipt.SubmissionId)).Status);
    }

    [Fact]
    public async Task AcceptedSubmissionCannotBeRetriedOrSentAgain()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<ICheckInOutbox>().RetryAsync(receipt.Id, CancellationToken.None));
        }

        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Single(factory.Gateway.Requests);
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task RefusedCredentialsNeedAttentionWithoutRetrying()
    {
        using var factory = new SafeEntryFactory().With("Simulators:SafeEntry:AppId", "SOMEONE-ELSE");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.NeedsAttention, row.Status);
        Assert.Contains("SafeEntry:AppId", row.LastError, StringComparison.Ordinal);
        Assert.Equal(401, Assert.Single(factory.Gateway.Requests).StatusCode);
    }

    [Fact]
    public async Task NonceRefusalIsRetriedAtOnceWithAFreshSignature()
    {
        using var factory = new SafeEntryFactory();
        factory.Gateway.FailNext(1, 401, "The value of the nonce in the authorisation header was deemed to be repeated");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.Equal(2, row.Attempts);
        var requests = factory.Gateway.Requests;
        Assert.Equal([401, 201], requests.Select(r => r.StatusCode));
        Assert.NotEqual(requests[0].Nonce, requests[1].Nonce);
    }

    [Fact]
    public async Task PersistentServerErrorsStopAtMaxAttemptsAndNeedAttention()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:MaxAttempts", "3").With("Simulators:SafeEntry:Fault", "Error");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        for (var pass = 0; pass < 6; pass++)
        {
            await factory.DispatchAsync();
            factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        }

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.NeedsAttention, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Contains("HTTP 500", row.LastError, StringComparison.Ordinal);
        Assert.Contains("Gave up after 3 attempts", row.LastError, StringComparison.Ordinal);
        Assert.Equal(3, factory.Gateway.Requests.Count);
    }

    [Fact]
    public async Task FailureOnOurSideCountsAsAnAttemptAndDoesNotBlockOtherRows()
    {
        var gateway = new RecordingGateway();
        // One row in flight at a time: the fault below is injected into whichever request arrives first.
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }.With("SafeEntry:MaxAttempts", "2").With("SafeEntry:DispatchConcurrency", "1");
        var broken = await factory.EnqueueAsync(SafeEntryFactory.Request());
        var fine = await factory.EnqueueAsync(SafeEntryFactory.Request());

        // The first send throws something that is no transport error, as a bug or a database failure
        // on our side would; the second row must still go out in the same pass.
        gateway.OnRequest = request => request.Body.Length > 0 && gateway.Requests.Count == 1
            ? throw new InvalidOperationException("simulated failure inside our pipeline")
            : Task.CompletedTask;

        await factory.DispatchAsync();

        var brokenRow = await factory.CheckInAsync(broken.SubmissionId);
        Assert.Equal(CheckInStatus.Pending, brokenRow.Status);
        Assert.Equal(1, brokenRow.Attempts);
        Assert.Equal("The submission could not be prepared or sent (InvalidOperationException).", brokenRow.LastError);
        Assert.Null(brokenRow.LeaseUntil);
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(fine.SubmissionId)).Status);
    }

    [Fact]
    public async Task SlowGatewayCountsAsAnUnconfirmedTimeoutAndIsRetried()
    {
        using var factory = new SafeEntryFactory().With("SafeEntry:RequestTimeout", "00:00:01").With("Simulators:SafeEntry:Fault", "Slow");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Unconfirmed, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(SafeEntryOutcome.Timeout.Detail, row.LastError);
        Assert.Equal(0, await factory.ReceiptCountAsync());

        factory.Gateway.Fault = GatewayFault.None;
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(receipt.SubmissionId)).Status);
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task TwoDispatchersRunningAtOnceSendEachRowOnce()
    {
        using var factory = new SafeEntryFactory();
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await factory.EnqueueAsync(SafeEntryFactory.Request())).SubmissionId);
        }

        var passes = await Task.WhenAll(factory.DispatchAsync(), factory.DispatchAsync(), factory.DispatchAsync());

        Assert.Equal(12, passes.Sum());
        Assert.Equal(12, factory.Gateway.Requests.Count);
        Assert.Equal(12, await factory.ReceiptCountAsync());
        Assert.Equal(12, await factory.WithDbAsync(db => db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted && c.Attempts == 1)));
    }

    [Fact]
    public async Task RowLeasedByAnotherDispatcherWaitsForTheLeaseToExpire()
    {
        using var factory = new SafeEntryFactory();
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(db => db.CheckIns.Where(c => c.Id == receipt.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, now.AddSeconds(30))));

        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Empty(factory.Gateway.Requests);

        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal(CheckInStatus.Accepted, (await factory.CheckInAsync(receipt.SubmissionId)).Status);
    }

    [Fact]
    public async Task BackgroundDispatcherSendsAStoredSubmissionWithoutBeingAsked()
    {
        using var factory = new SafeEntryFactory(backgroundDispatch: true);
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request(action: "checkout"));

        var outcome = await factory.WaitForOutcomeAsync(receipt, TimeSpan.FromSeconds(20));

        Assert.NotNull(outcome);
        Assert.Equal(CheckInStatus.Accepted, outcome.Status);
        var received = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().SingleAsync());
        Assert.Equal("checkout", received.ActionType);
    }

    [Fact]
    public async Task LogsNeverHoldTheFullIdMobileOrJose()
    {
        using var factory = new SafeEntryFactory();
        factory.Gateway.FailNext(1);
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F", mobile: "91234567"));
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F", mobile: "91234567", venue: "STG-NO-SUCH-VENUE-SE"));
        for (var pass = 0; pass < 3; pass++)
        {
            await factory.DispatchAsync();
            factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        }

        var lines = factory.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("*****846F", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[2010]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "[STFGM][0-9]{7}[A-Z]"));
        Assert.DoesNotContain(lines, l => l.Contains("91234567", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("eyJ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("PKI_SIGN app_id", StringComparison.Ordinal));
    }
}
