using System.Text.Json;
using System.Text.RegularExpressions;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>
/// The gateway's payload checks with the specification's exact 400 messages, in the order its list gives
/// them, then the venue and tenant checks. A value that is not a JSON string counts as missing.
/// </summary>
public static partial class SafeEntryPayloadRules
{
    public const string MissingVenueId = "Missing venueId";
    public const string MissingMobileNo = "Missing mobileno";
    public const string InvalidMobileNo = "Invalid mobileno";
    public const string MissingActionType = "Missing actionType";
    public const string InvalidActionType = "Invalid actionType";
    public const string MissingSub = "Missing sub";
    public const string InvalidUinFin = "Invalid uinfin";
    public const string InvalidPassportNo = "Invalid passport no";

    // The specification's list spells these two with a space ("sub type"), unlike the field name.
    public const string MissingSubType = "Missing sub type";
    public const string InvalidSubType = "Invalid sub type";
    public const string InvalidVenue = "Invalid venue";
    public const string MissingTenantId = "Missing tenantId";
    public const string InvalidTenantId = "Invalid tenantId";
    public const string InvalidBody = "Invalid body";

    /// <summary>Null when the payload is acceptable, else the 400 message.</summary>
    public static string? Check(JsonElement payload, out AcceptedPayload? accepted)
    {
        accepted = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return InvalidBody;
        }

        var venueId = Text(payload, "venueId");
        if (venueId is null)
        {
            return MissingVenueId;
        }

        var mobile = Text(payload, "mobileno");
        if (mobile is null)
        {
            return MissingMobileNo;
        }

        if (!MobileNumber.TryNormalise(mobile, out var normalisedMobile))
        {
            return InvalidMobileNo;
        }

        var actionType = Text(payload, "actionType");
        if (actionType is null)
        {
            return MissingActionType;
        }

        if (actionType is not ("checkin" or "checkout"))
        {
            return InvalidActionType;
        }

        var sub = Text(payload, "sub");
        if (sub is null)
        {
            return MissingSub;
        }

        var subType = Text(payload, "subType");
        if (subType is null)
        {
            return MissingSubType;
        }

        if (subType is not ("uinfin" or "others"))
        {
            return InvalidSubType;
        }

        if (subType == "uinfin" && !Nric.IsValid(sub))
        {
            return InvalidUinFin;
        }

        if (subType == "others" && !OtherId().IsMatch(sub))
        {
            return InvalidPassportNo;
        }

        var venue = SimulatedVenues.Find(venueId);
        if (venue is null)
        {
            return InvalidVenue;
        }

        var tenantId = Text(payload, "tenantId");
        if (venue.TenantIds.Count > 0)
        {
            if (tenantId is null)
            {
                return MissingTenantId;
            }

            if (!venue.TenantIds.Contains(tenantId, StringComparer.Ordinal))
            {
                return InvalidTenantId;
            }
        }
        else if (tenantId is not null)
        {
            // A single-destination venue has no tenants to choose from.
            return InvalidTenantId;
        }

        accepted = new AcceptedPayload(venueId, tenantId, actionType, subType, sub, normalisedMobile);
        return null;
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    [GeneratedRegex("^[A-Za-z0-9-]{3,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex OtherId();
}

public sealed record AcceptedPayload(string VenueId, string? TenantId, string ActionType, string SubType, string Sub, string MobileNo)
{
    public override string ToString() => $"AcceptedPayload {{ VenueId = {VenueId}, ActionType = {ActionType} }}";
}
