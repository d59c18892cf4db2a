using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>Where this kiosk records, as shown at the top of the form.</summary>
public sealed record KioskContext(KioskDevice Device, string VenueName, string? TenantId);

public sealed record KioskFormViewModel(
    KioskContext Context,
    Guid SubmissionId,
    string ActionType,
    string SubType,
    string? Sub,
    string? MobileNo,
    string? VenueIdOverride,
    string? TenantIdOverride,
    bool Suggested,
    string? Notice,
    string Autofocus)
{
    public bool ShowOverride => !string.IsNullOrEmpty(VenueIdOverride) || !string.IsNullOrEmpty(TenantIdOverride);
}

public sealed record KioskDoneViewModel(
    CheckInReceipt Receipt,
    string VenueName,
    DateTime LocalTime,
    string StatusKey,
    string StatusText,
    string? Reason,
    string? Field,
    int ConfirmationSeconds)
{
    public string ActionLabel => Receipt.ActionType == KioskActions.CheckOut ? "Checked out" : "Checked in";
}

/// <summary>The small JSON the confirmation page polls.</summary>
public sealed record KioskStatusResponse(string Status, string Text, string? Reason, string? Field);

public sealed record KioskSuggestResponse(bool Suggest, string? Since);
