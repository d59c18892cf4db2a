using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>The plaintext body of one check-in or check-out, in the specification's field order.</summary>
public sealed record SafeEntryPayload(
    [property: JsonPropertyName("venueId")] string VenueId,
    [property: JsonPropertyName("tenantId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TenantId,
    [property: JsonPropertyName("actionType")] string ActionType,
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("subType")] string SubType,
    [property: JsonPropertyName("mobileno")] string MobileNo)
{
    public const string CheckIn = "checkin";
    public const string CheckOut = "checkout";
    public const string UinFin = "uinfin";
    public const string Others = "others";

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>Never print the values: they are personal data.</summary>
    public override string ToString() => $"SafeEntryPayload {{ VenueId = {VenueId}, ActionType = {ActionType}, SubType = {SubType} }}";
}
