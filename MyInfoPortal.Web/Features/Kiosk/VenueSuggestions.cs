namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>A venue offered besides the staff-managed ones. A venue with tenants requires one of them.</summary>
public sealed record SuggestedVenue(string VenueId, string Name, IReadOnlyList<string> TenantIds);

/// <summary>
/// Venues the kiosk set-up and the resident check-in offer in SafeEntry Simulator mode: the ones the
/// gateway simulator knows. The portal has none of its own; the host registers a source when the
/// simulators run in it.
/// </summary>
public interface IVenueSuggestions
{
    IReadOnlyList<SuggestedVenue> All { get; }
}

/// <summary>No suggestions: the portal without its simulators.</summary>
public sealed class NoVenueSuggestions : IVenueSuggestions
{
    public IReadOnlyList<SuggestedVenue> All => [];
}

public static class VenueSuggestionsExtensions
{
    public static SuggestedVenue? Find(this IVenueSuggestions suggestions, string? venueId)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return suggestions.All.FirstOrDefault(v => string.Equals(v.VenueId, venueId, StringComparison.Ordinal));
    }
}
