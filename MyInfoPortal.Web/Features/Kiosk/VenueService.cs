using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Kiosk;

public enum VenueChange
{
    Done,
    NotFound,
    AlreadyExists,
    InvalidName,
}

/// <summary>The venues staff have set up (the <c>Venues</c> table).</summary>
public sealed class VenueService(PortalDbContext db, TimeProvider time, ILogger<VenueService> logger)
{
    public const int MaxNameLength = 120;

    // Every kiosk request looks up its venue, and every profile page lists them all: both compiled once.
    private static readonly CompiledPerModel<Func<PortalDbContext, IAsyncEnumerable<Venue>>> AllByName = new(() =>
        EF.CompileAsyncQuery<PortalDbContext, Venue>(db => db.Venues.AsNoTracking().OrderBy(v => v.Name).ThenBy(v => v.VenueId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<Venue?>>> ByVenueId = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string venueId, CancellationToken _) =>
            db.Venues.AsNoTracking().SingleOrDefault(v => v.VenueId == venueId)));

    public async Task<List<Venue>> ListAsync(CancellationToken cancellationToken) =>
        await AllByName.For(db)(db).ToListAsync(cancellationToken);

    public Task<Venue?> FindAsync(string venueId, CancellationToken cancellationToken) => ByVenueId.For(db)(db, venueId, cancellationToken);

    public async Task<Dictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        await db.Venues.AsNoTracking().ToDictionaryAsync(v => v.VenueId, v => v.Name, StringComparer.Ordinal, cancellationToken);

    public static string? CleanName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    public async Task<VenueChange> AddAsync(string venueId, string name, string? tenantId, CancellationToken cancellationToken)
    {
        if (CleanName(name) is not { } clean)
        {
            return VenueChange.InvalidName;
        }

        if (await db.Venues.AnyAsync(v => v.VenueId == venueId, cancellationToken))
        {
            return VenueChange.AlreadyExists;
        }

        db.Venues.Add(new Venue { VenueId = venueId, Name = clean, TenantId = tenantId, CreatedAt = time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return VenueChange.AlreadyExists;
        }

        KioskLog.VenueAdded(logger, venueId);
        return VenueChange.Done;
    }

    /// <summary>Adds the venue unless it is already known; either way it is usable after.</summary>
    public async Task EnsureAsync(string venueId, string name, string? tenantId, CancellationToken cancellationToken)
    {
        if (!await db.Venues.AnyAsync(v => v.VenueId == venueId, cancellationToken))
        {
            await AddAsync(venueId, name, tenantId, cancellationToken);
        }
    }

    public async Task<VenueChange> UpdateAsync(int id, string name, string? tenantId, CancellationToken cancellationToken)
    {
        if (CleanName(name) is not { } clean)
        {
            return VenueChange.InvalidName;
        }

        var changed = await db.Venues.Where(v => v.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Name, clean).SetProperty(v => v.TenantId, tenantId), cancellationToken);
        if (changed == 0)
        {
            return VenueChange.NotFound;
        }

        KioskLog.VenueRenamed(logger, id);
        return VenueChange.Done;
    }

    /// <summary>Removes the venue from the list; its check-in records stay until purged.</summary>
    public async Task<VenueChange> RemoveAsync(int id, CancellationToken cancellationToken)
    {
        var removed = await db.Venues.Where(v => v.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return VenueChange.NotFound;
        }

        KioskLog.VenueRemoved(logger, id);
        return VenueChange.Done;
    }
}
