using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>A venue (and tenant) a poster can point at: one the staff set up, or in Simulator mode one the gateway simulator knows.</summary>
public sealed record PhoneVenue(string VenueId, string? TenantId, string Name)
{
    public string Label => TenantId is null ? Name : $"{Name} · {TenantId}";
}

/// <summary>What the confirmation form posts. The NRIC/FIN is never posted: it comes from the retrieved profile.</summary>
public sealed record PhoneCheckInInput
{
    public Guid SubmissionId { get; init; }

    public string? ActionType { get; init; }

    public string? MobileNo { get; init; }
}

/// <summary>The first page: the venue and the choice of action, with the sign-in buttons.</summary>
public sealed record PhoneStartViewModel(PhoneVenue Venue, string ActionType, bool SingpassEnabled);

/// <summary>The confirmation page, prefilled from the retrieved profile.</summary>
public sealed record PhoneConfirmViewModel(
    PhoneVenue Venue,
    Guid SubmissionId,
    string ActionType,
    string? UinfinMasked,
    bool UinfinUsable,
    bool MobileFromMyInfo,
    string? MobileNo,
    string ProviderName);

/// <summary>The pass shown at the door.</summary>
public sealed record PhonePassViewModel(
    CheckInReceipt Receipt,
    string VenueName,
    DateTime LocalTime,
    DateTime LocalNow,
    string StatusKey,
    string StatusText,
    string? Reason,
    Guid CheckOutSubmissionId)
{
    public bool IsCheckOut => Receipt.ActionType == Kiosk.KioskActions.CheckOut;

    public string ActionLabel => IsCheckOut ? "Checked out" : "Checked in";
}

/// <summary>The small JSON the pass polls.</summary>
public sealed record PhonePassStatus(string Status, string Text, string? Reason);

