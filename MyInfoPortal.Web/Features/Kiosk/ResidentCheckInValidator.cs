using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>
/// The words a resident sees when their own check-in (self check-in or phone) is refused. Each form keeps
/// its own wording; the rules behind them are <see cref="ResidentCheckInValidator"/>'s.
/// </summary>
public sealed record ResidentCheckInMessages(string NoUsableId, string ChooseAction, string InvalidMobile, string Expired)
{
    public string MissingMobile { get; init; } = "Enter your mobile number.";
}

/// <summary>What a resident's own check-in leaves once validated: their NRIC/FIN from the profile, the action and the mobile number, normalised.</summary>
public sealed record ResidentCheckInFields(string Uinfin, string ActionType, string MobileNo);

/// <summary>The answer to a resident's own check-in: the receipt once stored, or the errors by field (empty key: the whole form).</summary>
public sealed record ResidentCheckInResult(CheckInReceipt? Receipt, IReadOnlyDictionary<string, string> Errors);

/// <summary>
/// Validation shared by the check-ins a resident makes with their own profile (self check-in, phone
/// check-in): the NRIC/FIN comes from the profile and must be one SafeEntry accepts, the action is check-in
/// or check-out, the mobile number a Singapore one, and the form carries its submission id.
/// </summary>
public static class ResidentCheckInValidator
{
    /// <summary>The action as posted, trimmed and lower-cased, or null when it is neither check-in nor check-out.</summary>
    public static string? ParseAction(string? actionType)
    {
        var action = actionType?.Trim().ToLowerInvariant();
        return KioskActions.IsValid(action) ? action : null;
    }

    /// <summary>The action as posted when valid, else check-in: for echoing a form back.</summary>
    public static string ActionOrCheckIn(string? actionType) => ParseAction(actionType) ?? KioskActions.CheckIn;

    /// <summary>The resident's NRIC/FIN when SafeEntry accepts it; otherwise null, with the form-wide error set.</summary>
    public static string? UsableUinfin(ResidentProfile resident, ResidentCheckInMessages messages, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(errors);
        var uinfin = resident.Person.Uinfin;
        if (Nric.IsValid(uinfin))
        {
            return uinfin;
        }

        errors[string.Empty] = messages.NoUsableId;
        return null;
    }

    /// <summary>
    /// Checks the action, the mobile number and the submission id, adding an error per field that fails.
    /// Returns the normalised fields when these three pass; the caller still decides on its own fields
    /// (such as the venue) and on <paramref name="errors"/> as a whole.
    /// </summary>
    public static ResidentCheckInFields? Validate(
        string uinfin, string? actionType, string? mobileNo, Guid submissionId, ResidentCheckInMessages messages, IDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(errors);
        var valid = true;
        var action = ParseAction(actionType);
        if (action is null)
        {
            errors["ActionType"] = messages.ChooseAction;
            valid = false;
        }

        string? mobile = null;
        if (string.IsNullOrWhiteSpace(mobileNo))
        {
            errors["MobileNo"] = messages.MissingMobile;
            valid = false;
        }
        else if (!MobileNumber.TryNormalise(mobileNo.Trim(), out mobile))
        {
            errors["MobileNo"] = messages.InvalidMobile;
            valid = false;
        }

        if (submissionId == Guid.Empty)
        {
            errors[string.Empty] = messages.Expired;
            valid = false;
        }

        return valid ? new ResidentCheckInFields(uinfin, action!, mobile!) : null;
    }
}
