using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Sends due submissions. All retry state lives in the CheckIns table (Attempts, NextAttemptAt,
/// LeaseUntil), so work survives restarts, and a row is claimed with a conditional update before it is
/// sent, so two dispatchers (two instances, or a pass overlapping another) never send one row at once.
/// </summary>
public sealed class SafeEntryDispatcher(
    IServiceScopeFactory scopes,
    CheckInProtector protector,
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

    /// <summary>One pass over everything due now. Returns how many rows this pass sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = Now();
            due = await db.CheckIns.AsNoTracking()
                .Where(c => c.Status == CheckInStatus.Pending && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil <= now))
                .OrderBy(c => c.NextAttemptAt).ThenBy(c => c.Id)
                .Select(c => c.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var id in due)
        {
            if (await TryDispatchAsync(id, cancellationToken))
            {
                sent++;
            }
        }

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
            .Where(c => c.Id == id && c.Status == CheckInStatus.Pending && c.NextAttemptAt <= now && (c.LeaseUntil == null || c.LeaseUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, lease), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        var row = await db.CheckIns.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
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
        SafeEntryOutcome outcome;
        var sending = time.GetTimestamp();
        try
        {
            outcome = await client.SendAsync(payload, cancellationToken);
            attempts++;
            if (outcome.Kind == SafeEntryOutcomeKind.Resign && attempts < o.MaxAttempts)
            {
                // A clock step or a nonce clash: one immediate attempt with a fresh nonce and timestamp.
                SafeEntryLog.Resigning(logger, id);
                outcome = await client.SendAsync(payload, cancellationToken);
                attempts++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-send: give the row back so the next start resumes it without waiting for the lease.
            await db.CheckIns.Where(c => c.Id == id && c.LeaseUntil == lease)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
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
                await RecordAsync(db, id, lease, CheckInStatus.Accepted, attempts, accepted: true, null, null);
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
                else
                {
                    var delay = Backoff(attempts, o.InitialBackoff, o.MaxBackoff, Random.Shared.NextDouble());
                    SafeEntryLog.WillRetry(logger, id, attempts, outcome.Detail, delay);
                    await RecordAsync(db, id, lease, CheckInStatus.Pending, attempts, accepted: false, outcome.Detail, Now() + delay);
                }

                break;
        }

        return true;
    }

    /// <summary>Writes the outcome only while this dispatcher still holds the row's lease.</summary>
    private async Task RecordAsync(PortalDbContext db, long id, DateTime lease, CheckInStatus status, int attempts,
        bool accepted, string? error, DateTime? nextAttemptAt)
    {
        var now = Now();
        var next = nextAttemptAt ?? now;
        DateTime? acceptedAt = accepted ? now : null;
        var written = await db.CheckIns
            .Where(c => c.Id == id && c.Status == CheckInStatus.Pending && c.LeaseUntil == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.Attempts, attempts)
                .SetProperty(c => c.LastAttemptAt, now)
                .SetProperty(c => c.NextAttemptAt, next)
                .SetProperty(c => c.AcceptedAt, acceptedAt)
                .SetProperty(c => c.LastError, error)
                .SetProperty(c => c.LeaseUntil, (DateTime?)null), CancellationToken.None);
        if (written != 1)
        {
            SafeEntryLog.LeaseLost(logger, id);
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
