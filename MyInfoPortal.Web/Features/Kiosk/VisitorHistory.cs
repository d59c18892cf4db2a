using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>Computes the keyed lookup hash the outbox stores in <c>CheckIns.SubLookup</c> for an ID.</summary>
public interface IVisitorLookup
{
    string For(string sub);
}

/// <summary>Today's earlier visits of one person, found by the keyed hash of their ID (never by decrypting).</summary>
public sealed class VisitorHistory(PortalDbContext db, IVisitorLookup lookup, KioskClock clock)
{
    /// <summary>
    /// When the person's latest record today at this venue (and tenant) is a check-in that the gateway
    /// did not refuse, the time of that check-in; otherwise null.
    /// </summary>
    public async Task<DateTime?> CheckedInSinceAsync(string sub, string venueId, string? tenantId, CancellationToken cancellationToken)
    {
        var key = lookup.For(sub);
        var (start, end) = clock.DayRange(clock.Today);
        var latest = await db.CheckIns.AsNoTracking()
            .Where(c => c.SubLookup == key && c.VenueId == venueId && c.TenantId == tenantId
                && c.CreatedAt >= start && c.CreatedAt < end && c.Status != CheckInStatus.Failed)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.ActionType, c.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is { ActionType: KioskActions.CheckIn } ? latest.CreatedAt : null;
    }
}
