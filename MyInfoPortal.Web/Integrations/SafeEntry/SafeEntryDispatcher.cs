using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using Polly;
using Polly.Retry;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Sends due submissions. All retry state lives in the CheckIns table (Attempts, NextAttemptAt,
/// LeaseUntil), so work survives restarts, and a row is claimed with a conditional update before it is
/// sent, so two dispatchers (two instances, or a pass overlapping another) never send one row at once.
/// </summary>
public sealed class SafeEntryDispatcher(
    IServiceScopeFactory scopes,
    CheckInProtector protector,
    CheckInOutcomeSignal outcomes,
    IOptions<SafeEntryOptions> options,
    TimeProvider time,
    ILogger<SafeEntryDispatcher> logger)
{
    /// <summary>Rows taken per pass; the background loop runs another pass at once when a pass was full.</summary>
    public const int BatchSize = 20;

    /// <summary>
    /// How long a claim holds: long enough for a re-signed second attempt and the database writes, short
    /// enough that a crashed instance's rows are picked up again soon.
    /// </summary>
    public TimeSpan LeaseDuration => (options.Value.RequestTimeout * 2) + TimeSpan.FromSeconds(15);

    /// <summary>The row just claimed, read once per send: compiled once.</summary>
    private static readonly CompiledPerModel<Func<PortalDbContext, long, CancellationToken, Task<CheckIn>>> ClaimedRow = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, long id, CancellationToken _) => db.CheckIns.AsNoTracking().Single(c => c.Id == id)));

    /// <summary>About six seconds in all (0.1 s doubling, capped at 2 s): well inside the lease's 15 s margin.</summary>
    private readonly ResiliencePipeline _recordRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientDatabaseErrors.Is),
            MaxRetryAttempts = 6,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = args =>
            {
                SafeEntryLog.OutcomeWriteRetrying(logger, args.Outcome.Exception?.GetType().Name ?? "unknown", args.AttemptNumber + 1);
                return default;
            },
        })
        .Build();

    /// <summary>
    /// One pass over what is due now, up to <see cref="BatchSize"/> rows, sent <c>SafeEntry:DispatchConcurrency</c>
    /// at a time. A row waits while an earlier row of the same person with the other action is still on its
    /// way (pending or unconfirmed): a check-out is never sent before the check-in made ahead of it, nor a
    /// check-in before the check-out ahead of it. Two check-ins of one person may go together (their order
    /// says nothing). Returns how many rows this pass sent.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = Now();
            due = await db.CheckIns.AsNoTracking()
                .Where(c => (c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed)
                    && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil <= now))
                .Where(c => !db.CheckIns.Any(earlier => earlier.SubLookup == c.SubLookup && earlier.Id < c.Id && earlier.ActionType != c.ActionType
                    && (earlier.Status == CheckInStatus.Pending || earlier.Status == CheckInStatus.Unconfirmed)))
                .OrderBy(c => c.NextAttemptAt).ThenBy(c => c.Id)
                .Select(c => c.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        var sent = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.DispatchConcurrency }, async (id, _) =>
        {
            // Between rows, not during one: a row already claimed is seen through (see TryDispatchAsync).
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryDispatchAsync(id, cancellationToken))
            {
                Interlocked.Increment(ref sent);
            }
        });

        return sent;
    }

    /// <summary>
    /// Exponential backoff with jitter: the n-th failure waits between half and all of
    /// min(MaxBackoff, InitialBackoff * 2^(n-1)).
    /// </summary>
    public static TimeSpan Backoff(int attempts, TimeSpan initial, TimeSpan max, double random)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Math.Clamp(random, 0, 1) * ceiling / 2));
    }

    private async Task<bool> TryDispatchAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = Now();

        // The lease value doubles as the claim's token (the outcome is written only where it still
        // matches), so it is kept at millisecond precision, which every database stores exactly.
        var lease = new DateTime((now + LeaseDuration).Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var claimed = await db.CheckIns
            .Where(c => c.Id == id && (c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed)
                && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, lease), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        // From here on the row is ours until its outcome is written: nothing below gives the lease back
        // early, so no other dispatcher can send it while this one's request may be on its way.
        var row = await ClaimedRow.For(db)(db, id, CancellationToken.None);
        SafeEntryPayload payload;
        try
        {
            payload = new SafeEntryPayload(row.VenueId, row.TenantId, row.ActionType, protector.Unprotect(row.ProtectedSub),
                row.SubType, protector.Unprotect(row.ProtectedMobileNo));
        }
        catch (CryptographicException)
        {
            SafeEntryLog.UnprotectFailed(logger, id);
            await RecordAsync(db, id, lease, CheckInStatus.NeedsAttention, row.Attempts, accepted: false,
                "The stored values could not be decrypted: the Data Protection keys have changed or are missing.", null);
            return false;
        }

        var client = scope.ServiceProvider.GetRequiredService<SafeEntryClient>();
        var o = options.Value;
        var attempts = row.Attempts;
        var earlierUnconfirmed = row.Status == CheckInStatus.Unconfirmed;
        SafeEntryOutcome outcome;
        var sending = time.GetTimestamp();
        try
        {
            // Not cancelled by shutdown: a request cut off half way is exactly the case whose outcome nobody
            // knows. SafeEntry:RequestTimeout bounds it, and the host waits for it before stopping.
            outcome = await client.SendAsync(payload, CancellationToken.None);
            attempts++;
            if (outcome.Kind == SafeEntryOutcomeKind.Resign && attempts < o.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // A clock step or a nonce clash: one immediate attempt with a fresh nonce and timestamp.
                SafeEntryLog.Resigning(logger, id);
                outcome = await client.SendAsync(payload, CancellationToken.None);
                attempts++;
            }
        }
        catch (Exception ex)
        {
            // Our side failed (database, keys): counted like a transient failure, so MaxAttempts still
            // bounds it and one bad row cannot stall the rest of the pass.
            SafeEntryLog.AttemptFailedInternally(logger, id, ex.GetType().Name);
            attempts++;
            outcome = new SafeEntryOutcome(SafeEntryOutcomeKind.Transient, null,
                $"The submission could not be prepared or sent ({ex.GetType().Name}).");
        }

        scope.ServiceProvider.GetRequiredService<Features.Operations.PortalMetrics>()
            .CheckInDispatched(outcome.Kind, attempts >= o.MaxAttempts, time.GetElapsedTime(sending));
        switch (outcome.Kind)
        {
            case SafeEntryOutcomeKind.Accepted:
                SafeEntryLog.Accepted(logger, id, attempts);
                await RecordAsync(db, id, lease, CheckInStatus.Accepted, attempts, accepted: true,
                    earlierUnconfirmed ? AcceptedAfterUnconfirmed : null, null);
                break;
            case SafeEntryOutcomeKind.Rejected:
                SafeEntryLog.Rejected(logger, id, outcome.Detail);
                await RecordAsync(db, id, lease, CheckInStatus.Failed, attempts, accepted: false, outcome.Detail, null);
                break;
            case SafeEntryOutcomeKind.NeedsAttention:
                SafeEntryLog.NeedsAttention(logger, id, attempts, outcome.Detail);
                await RecordAsync(db, id, lease, CheckInStatus.NeedsAttention, attempts, accepted: false, outcome.Detail, null);
                break;
            default:
                if (attempts >= o.MaxAttempts)
                {
                    var reason = $"{outcome.Detail} Gave up after {attempts} attempts.";
                    SafeEntryLog.NeedsAttention(logger, id, attempts, reason);
                    await RecordAsync(db, id, lease, CheckInStatus.NeedsAttention, attempts, accepted: false, reason, null);
                }
                else if (outcome.Kind == SafeEntryOutcomeKind.Unconfirmed)
                {
                    // The gateway may be holding it: no second copy until it has certainly finished with the first.
                    SafeEntryLog.Unconfirmed(logger, id, attempts, outcome.Detail, o.UnconfirmedRetryDelay);
                    await RecordAsync(db, id, lease, CheckInStatus.Unconfirmed, attempts, accepted: false, outcome.Detail, Now() + o.UnconfirmedRetryDelay);
                }
                else
                {
                    // A definite "not now" for this attempt; an earlier unconfirmed one stays unconfirmed.
                    var delay = Backoff(attempts, o.InitialBackoff, o.MaxBackoff, Random.Shared.NextDouble());
                    SafeEntryLog.WillRetry(logger, id, attempts, outcome.Detail, delay);
                    await RecordAsync(db, id, lease, earlierUnconfirmed ? CheckInStatus.Unconfirmed : CheckInStatus.Pending,
                        attempts, accepted: false, outcome.Detail, Now() + delay);
                }

                break;
        }

        return true;
    }

    /// <summary>Kept on an accepted row that had an unconfirmed attempt before, so staff can see it may be doubled.</summary>
    public const string AcceptedAfterUnconfirmed =
        "Accepted after an earlier attempt whose outcome was unknown: SafeEntry may hold this entry twice.";

    /// <summary>
    /// Writes the outcome only while this dispatcher still holds the row's lease, retrying transient database
    /// errors (a busy SQLite file, a dropped PostgreSQL connection) for a few seconds: the lease lasts 15 s
    /// beyond the longest send, so the row is not handed to anyone else while the write is retried.
    /// </summary>
    private async Task RecordAsync(PortalDbContext db, long id, DateTime lease, CheckInStatus status, int attempts,
        bool accepted, string? error, DateTime? nextAttemptAt)
    {
        try
        {
            var written = await _recordRetry.ExecuteAsync(async (state, token) =>
            {
                var now = Now();
                var next = state.nextAttemptAt ?? now;
                DateTime? acceptedAt = state.accepted ? now : null;
                return await state.db.CheckIns
                    .Where(c => c.Id == state.id && (c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed) && c.LeaseUntil == state.lease)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, state.status)
                        .SetProperty(c => c.Attempts, state.attempts)
                        .SetProperty(c => c.LastAttemptAt, now)
                        .SetProperty(c => c.NextAttemptAt, next)
                        .SetProperty(c => c.AcceptedAt, acceptedAt)
                        .SetProperty(c => c.LastError, state.error)
                        .SetProperty(c => c.LeaseUntil, (DateTime?)null), token);
            }, (db, id, lease, status, attempts, accepted, error, nextAttemptAt), CancellationToken.None);
            if (written != 1)
            {
                SafeEntryLog.LeaseLost(logger, id);
            }
            else
            {
                outcomes.Written(id);
            }
        }
        catch (Exception ex) when (TransientDatabaseErrors.Is(ex))
        {
            // Still leased: nobody sends it again before the lease runs out.
            SafeEntryLog.OutcomeNotRecorded(logger, id, status, ex.GetType().Name, lease);
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>Runs dispatch passes: at start (resuming whatever a previous run left), when woken, and every PollInterval.</summary>
internal sealed class SafeEntryDispatcherService(
    SafeEntryDispatcher dispatcher,
    SafeEntryDispatchSignal signal,
    IHostApplicationLifetime lifetime,
    IOptions<SafeEntryOptions> options,
    TimeProvider time,
    ILogger<SafeEntryDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.DispatchInBackground)
        {
            return;
        }

        // The embedded simulator answers only once the server listens.
        if (!await WaitForStartedAsync(stoppingToken))
        {
            return;
        }

        SafeEntryLog.DispatcherStarted(logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.DispatchDueAsync(stoppingToken) >= SafeEntryDispatcher.BatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                SafeEntryLog.DispatchPassFailed(logger, ex.GetType().Name);
            }

            await signal.WaitAsync(o.PollInterval, time, stoppingToken);
        }
    }

    private async Task<bool> WaitForStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
