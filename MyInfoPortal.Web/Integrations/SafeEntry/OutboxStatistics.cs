using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <param name="Waiting">Rows the dispatcher still has to send: pending or delivery unconfirmed (the outbox depth).</param>
/// <param name="Unconfirmed">Of those, rows whose last attempt's outcome is unknown.</param>
/// <param name="Undelivered">Rows the dispatcher has stopped on (failed, needs attention): waiting for staff.</param>
/// <param name="OldestWaitingSince">When the oldest waiting row was stored; null when none waits.</param>
/// <param name="PastRetention">Rows not accepted and older than SafeEntry:RetentionDays, kept until staff resolve them.</param>
public sealed record OutboxSnapshot(int Waiting, int Unconfirmed, int Undelivered, DateTime? OldestWaitingSince, int PastRetention, int RetentionDays, DateTime TakenAt)
{
    public TimeSpan? OldestWaitingAge => OldestWaitingSince is { } since ? TakenAt - since : null;
}

/// <summary>The outbox's state in numbers, read straight from the CheckIns table (a few indexed counts).</summary>
public sealed class OutboxStatistics(PortalDbContext db, IOptions<SafeEntryOptions> options, TimeProvider time)
{
    public async Task<OutboxSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var retentionDays = options.Value.RetentionDays;
        var cutoff = now.AddDays(-retentionDays);
        var byStatus = await db.CheckIns.AsNoTracking()
            .Where(c => c.Status != CheckInStatus.Accepted)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Oldest = g.Min(c => c.CreatedAt) })
            .ToListAsync(cancellationToken);
        var pastRetention = await PastRetentionAsync(db, cutoff, cancellationToken);

        var waiting = byStatus.Where(s => s.Status is CheckInStatus.Pending or CheckInStatus.Unconfirmed).ToList();
        return new OutboxSnapshot(
            waiting.Sum(s => s.Count),
            byStatus.Where(s => s.Status == CheckInStatus.Unconfirmed).Sum(s => s.Count),
            byStatus.Where(s => s.Status is CheckInStatus.Failed or CheckInStatus.NeedsAttention).Sum(s => s.Count),
            waiting.Count == 0 ? null : waiting.Min(s => s.Oldest),
            pastRetention,
            retentionDays,
            now);
    }

    /// <summary>Rows retention would have purged were they delivered: not accepted, created before <paramref name="cutoff"/>.</summary>
    public static Task<int> PastRetentionAsync(PortalDbContext db, DateTime cutoff, CancellationToken cancellationToken) =>
        db.CheckIns.CountAsync(c => c.CreatedAt < cutoff && c.Status != CheckInStatus.Accepted, cancellationToken);
}
