namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>A venue the SafeEntry gateway simulator knows. A venue with tenants requires one of them.</summary>
public sealed record SimulatedVenue(string VenueId, string Name, IReadOnlyList<string> TenantIds);

public static class SimulatedVenues
{
    public static IReadOnlyList<SimulatedVenue> All { get; } =
    [
        new("STG-180000001W-83338-SEQRSELFTESTSINGLE-SE", "Self-test single venue", []),
        new("STG-180000001W-83339-HAWKERCENTRE-SE", "Maxwell Food Centre (simulated)", []),
        new("STG-180000001W-83340-COMMUNITYCLUB-SE", "Anchorvale Community Club (simulated)", []),
        new("STG-180000001W-83341-SEQRSELFTESTMULTI-SE", "Self-test mall (multi-tenant)", ["VENUE1", "VENUE2", "VENUE3"]),
    ];

    public static SimulatedVenue? Find(string? venueId) =>
        All.FirstOrDefault(v => string.Equals(v.VenueId, venueId, StringComparison.Ordinal));
}
