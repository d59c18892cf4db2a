using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>What the kiosk form posts. Field names follow the SafeEntry API.</summary>
public sealed record KioskInput
{
    public Guid SubmissionId { get; init; }

    public string? ActionType { get; init; }

    public string? SubType { get; init; }

    public string? Sub { get; init; }

    public string? MobileNo { get; init; }

    /// <summary>Staff override of the device's venue (QR URL or venueId).</summary>
    public string? VenueId { get; init; }

    /// <summary>Staff override of the device's tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>Set once the visitor has seen the check-out suggestion, so it is not repeated.</summary>
    public bool Suggested { get; init; }
}

/// <summary>A submission that passed validation: normalised values, ready for the outbox.</summary>
public sealed record ValidSubmission(
    Guid SubmissionId,
    string ActionType,
    string SubType,
    string Sub,
    string MobileNo,
    string VenueId,
    string? TenantId);

public static class SubTypes
{
    public const string Uinfin = "uinfin";
    public const string Others = "others";

    public static bool IsValid(string? value) => value is Uinfin or Others;
}

/// <summary>
/// Server-side validation of the kiosk form, field by field, with messages for the visitor.
/// Input is trimmed and upper-cased; mobile numbers are normalised to eight digits.
/// </summary>
public static class KioskValidator
{
    /// <summary>The order fields appear on the form: errors are summarised and focused in this order.</summary>
    public static readonly string[] FieldOrder = ["ActionType", "SubType", "Sub", "MobileNo", "VenueId", "TenantId"];

    public static ValidSubmission? Validate(KioskInput input, KioskDevice device, IDictionary<string, string> errors)
    {
        var action = input.ActionType?.Trim().ToLowerInvariant();
        if (!KioskActions.IsValid(action))
        {
            errors["ActionType"] = "Choose check-in or check-out.";
        }

        var subType = input.SubType?.Trim().ToLowerInvariant();
        if (!SubTypes.IsValid(subType))
        {
            errors["SubType"] = "Choose the kind of ID: NRIC/FIN or another ID.";
        }

        var sub = Nric.Normalise(input.Sub);
        if (sub.Length == 0)
        {
            errors["Sub"] = subType == SubTypes.Others ? "Enter the ID number." : "Enter the NRIC or FIN, or scan it.";
        }
        else if (subType == SubTypes.Others)
        {
            if (!IsOtherId(sub))
            {
                errors["Sub"] = "Another ID has 3 to 20 characters: letters, digits and '-' only.";
            }
        }
        else if (subType == SubTypes.Uinfin && !Nric.IsValid(sub))
        {
            errors["Sub"] = sub.Length == 9
                ? "This NRIC/FIN is not valid: its last letter does not match. Check it and enter it again."
                : "An NRIC/FIN has 9 characters, like S1234567D: a letter, 7 digits and a letter.";
        }

        string? mobile = null;
        if (string.IsNullOrWhiteSpace(input.MobileNo))
        {
            errors["MobileNo"] = "Enter a mobile number.";
        }
        else if (!MobileNumber.TryNormalise(input.MobileNo.Trim(), out mobile))
        {
            errors["MobileNo"] = "Enter a Singapore mobile number: 8 digits starting with 8 or 9 (a +65 prefix is fine).";
        }

        var venueId = device.VenueId;
        var tenantId = device.TenantId;
        if (!string.IsNullOrWhiteSpace(input.VenueId))
        {
            if (VenueIds.TryParseVenue(input.VenueId, out var overrideVenue))
            {
                venueId = overrideVenue;
                tenantId = null;
            }
            else
            {
                errors["VenueId"] = "Enter the venue's QR URL or its venue ID (letters, digits and '-').";
            }
        }

        if (!string.IsNullOrWhiteSpace(input.TenantId))
        {
            if (VenueIds.TryParseTenant(input.TenantId, out var overrideTenant))
            {
                tenantId = overrideTenant;
            }
            else
            {
                errors["TenantId"] = "A tenant ID has 1 to 64 letters, digits, '-' or '_'.";
            }
        }

        if (input.SubmissionId == Guid.Empty)
        {
            errors[string.Empty] = "This form has expired. Please check the details and submit again.";
        }

        return errors.Count > 0
            ? null
            : new ValidSubmission(input.SubmissionId, action!, subType!, sub, mobile!, venueId, tenantId);
    }

    public static bool IsOtherId(string value) =>
        value.Length is >= 3 and <= 20 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
