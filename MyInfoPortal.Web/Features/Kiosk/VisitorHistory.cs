using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>A visitor's earlier visit today, found through the outbox's keyed hash of the ID (never by decrypting).</summary>
public sealed class VisitorHistory(ICheckInOutbox outbox, KioskClock clock)
{
    /// <summary>
    /// When the person's latest record today at this venue is a check-in for the same tenant that the
    /// gateway did not refuse, the time of that check-in; otherwise null.
    /// </summary>
    public async Task<DateTime?> CheckedInSinceAsync(string sub, string venueId, string? tenantId, CancellationToken cancellationToken)
    {
        var (midnight, _) = clock.DayRange(clock.Today);
        var latest = await outbox.FindLatestForVisitorAsync(sub, venueId, midnight, cancellationToken);
        return latest is { ActionType: KioskActions.CheckIn } && latest.Status != CheckInStatus.Failed && latest.TenantId == tenantId
            ? latest.CreatedAt
            : null;
    }
}
