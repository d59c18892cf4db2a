namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>A gateway rejection, tied to the form field it concerns (null: not about one field).</summary>
public sealed record GatewayFieldError(string? Field, string Message, string GatewayMessage);

/// <summary>
/// Maps the SafeEntry gateway's 400 messages (kept in <c>CheckIns.LastError</c>) to the kiosk form's
/// fields, with a plain explanation for staff. The gateway's own words are kept beside it.
/// </summary>
public static class GatewayErrors
{
    public const string Sub = "Sub";
    public const string SubType = "SubType";
    public const string MobileNo = "MobileNo";
    public const string ActionType = "ActionType";
    public const string VenueId = "VenueId";
    public const string TenantId = "TenantId";

    // Longest first, so "Missing subType" is not read as "Missing sub".
    private static readonly (string Gateway, string Field, string Message)[] Known =
    [
        ("Invalid passport no", Sub, "SafeEntry did not accept this ID number: check it and enter it again."),
        ("Missing sub type", SubType, "SafeEntry needs the kind of ID: choose NRIC/FIN or another ID."),
        ("Invalid sub type", SubType, "SafeEntry did not accept the kind of ID: choose NRIC/FIN or another ID."),
        ("Missing subType", SubType, "SafeEntry needs the kind of ID: choose NRIC/FIN or another ID."),
        ("Invalid subType", SubType, "SafeEntry did not accept the kind of ID: choose NRIC/FIN or another ID."),
        ("Missing actionType", ActionType, "SafeEntry needs to know whether this is a check-in or a check-out."),
        ("Invalid actionType", ActionType, "SafeEntry accepts only check-in or check-out."),
        ("Missing mobileno", MobileNo, "SafeEntry needs a mobile number."),
        ("Invalid mobileno", MobileNo, "SafeEntry did not accept this mobile number: check it and enter it again."),
        ("Missing tenantId", TenantId, "This venue has several tenants: choose the tenant (set up the kiosk again or enter a tenant ID)."),
        ("Invalid tenantId", TenantId, "SafeEntry does not know this tenant ID for the venue."),
        ("Missing venueId", VenueId, "The venue is missing: set up the kiosk again."),
        ("Invalid uinfin", Sub, "SafeEntry did not accept this NRIC/FIN: check it and enter it again."),
        ("Invalid venue", VenueId, "SafeEntry does not know this venue: check the venue set-up or the venue ID."),
        ("Missing sub", Sub, "SafeEntry needs the ID number."),
    ];

    public static GatewayFieldError? Map(string? lastError)
    {
        if (string.IsNullOrWhiteSpace(lastError))
        {
            return null;
        }

        foreach (var (gateway, field, message) in Known)
        {
            if (lastError.Contains(gateway, StringComparison.OrdinalIgnoreCase))
            {
                return new GatewayFieldError(field, message, gateway);
            }
        }

        return new GatewayFieldError(null, "SafeEntry did not accept this submission: " + lastError.Trim(), lastError.Trim());
    }

    /// <summary>Every gateway 400 message the mapping knows, with the field it maps to.</summary>
    public static IEnumerable<(string Gateway, string Field)> All => Known.Select(k => (k.Gateway, k.Field));
}
