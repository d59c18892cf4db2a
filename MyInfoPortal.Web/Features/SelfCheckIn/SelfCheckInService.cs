using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.SelfCheckIn;

/// <summary>What the resident's check-in form posts. The NRIC/FIN is never posted: it comes from their Myinfo profile.</summary>
public sealed record SelfCheckInInput
{
    public Guid SubmissionId { get; init; }

    /// <summary>One of the offered venues (<see cref="VenueChoice.Value"/>).</summary>
    public string? Venue { get; init; }

    /// <summary>Or the venue's QR link, as a phone camera would read it.</summary>
    public string? VenueLink { get; init; }

    public string? ActionType { get; init; }

    public string? MobileNo { get; init; }
}

/// <summary>A venue a resident may pick; the value carries the tenant for a multi-tenant venue.</summary>
public sealed record VenueChoice(string Value, string Label, string VenueId, string? TenantId);

public sealed record SelfCheckInForm(
    string? UinfinMasked,
    bool UinfinUsable,
    bool MobileFromMyInfo,
    IReadOnlyList<VenueChoice> Venues,
    Guid SubmissionId,
    string? Venue,
    string? VenueLink,
    string ActionType,
    string? MobileNo);

/// <summary>
/// Check-in to a venue for a resident who retrieved their Myinfo profile: uinfin from Myinfo, mobile
/// number prefilled from Myinfo when it holds one, through the same outbox as the kiosk.
/// </summary>
public sealed class SelfCheckInService(
    ICheckInOutbox outbox,
    VenueService venues,
    PortalDbContext db,
    KioskService kiosk,
    IVenueSuggestions suggestions,
    IOptions<SafeEntryOptions> safeEntry,
    ILogger<SelfCheckInService> logger)
{
    public static readonly string[] FieldOrder = ["Venue", "VenueLink", "ActionType", "MobileNo"];

    /// <summary>What a resident sees when the self check-in form is refused.</summary>
    public static readonly ResidentCheckInMessages Messages = new(
        NoUsableId: "Your Myinfo profile has no NRIC/FIN that SafeEntry accepts, so you cannot check in here. Please use the venue's kiosk.",
        ChooseAction: "Choose check-in or check-out.",
        InvalidMobile: "Enter a Singapore mobile number: 8 digits starting with 8 or 9.",
        Expired: "This form has expired. Please check the details and submit again.");

    /// <summary>Who made a resident's submission: ties the result page to the session that sent it.</summary>
    public static string Owner(ResidentProfile resident) => "myinfo:" + resident.SessionId.ToString("N");

    public async Task<SelfCheckInForm> NewFormAsync(ResidentProfile resident, CancellationToken cancellationToken)
    {
        var uinfin = resident.Person.Uinfin;
        var mobile = resident.Person.SingaporeMobileNumber;
        return new SelfCheckInForm(
            uinfin is null ? null : Nric.Mask(uinfin),
            Nric.IsValid(uinfin),
            mobile is not null,
            await ChoicesAsync(cancellationToken),
            Guid.NewGuid(),
            null,
            null,
            KioskActions.CheckIn,
            mobile);
    }

    public async Task<SelfCheckInForm> EchoAsync(ResidentProfile resident, SelfCheckInInput input, Guid submissionId, CancellationToken cancellationToken)
    {
        var form = await NewFormAsync(resident, cancellationToken);
        return form with
        {
            SubmissionId = submissionId,
            Venue = input.Venue,
            VenueLink = Clip(input.VenueLink?.Trim(), 2048),
            ActionType = ResidentCheckInValidator.ActionOrCheckIn(input.ActionType),
            MobileNo = Clip(input.MobileNo?.Trim(), 32),
        };
    }

    public async Task<ResidentCheckInResult> SubmitAsync(ResidentProfile resident, SelfCheckInInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ResidentCheckInValidator.UsableUinfin(resident, Messages, errors) is not { } uinfin)
        {
            return new ResidentCheckInResult(null, errors);
        }

        string? venueId = null;
        string? tenantId = null;
        if (!string.IsNullOrWhiteSpace(input.VenueLink))
        {
            if (!VenueIds.TryParseVenue(input.VenueLink, out venueId))
            {
                errors["VenueLink"] = "That is not a SafeEntry venue link. Copy the link from the venue's QR code.";
            }
        }
        else if ((await ChoicesAsync(cancellationToken)).FirstOrDefault(c => c.Value == input.Venue) is { } choice)
        {
            (venueId, tenantId) = (choice.VenueId, choice.TenantId);
        }
        else
        {
            errors["Venue"] = "Choose the venue, or paste its QR link.";
        }

        var fields = ResidentCheckInValidator.Validate(uinfin, input.ActionType, input.MobileNo, input.SubmissionId, Messages, errors);
        if (fields is null || errors.Count > 0)
        {
            return new ResidentCheckInResult(null, errors);
        }

        var receipt = await outbox.EnqueueAsync(
            new CheckInRequest(input.SubmissionId, venueId!, tenantId, fields.ActionType, SubTypes.Uinfin, fields.Uinfin, fields.MobileNo, CheckInSource.Resident, Owner(resident)),
            cancellationToken);
        if (!receipt.Duplicate)
        {
            KioskLog.ResidentSubmitted(logger, fields.ActionType, receipt.SubMasked, venueId!, input.SubmissionId);
        }

        return new ResidentCheckInResult(await kiosk.AwaitOutcomeAsync(receipt, cancellationToken), errors);
    }

    /// <summary>The submission, if this resident's session made it.</summary>
    public async Task<CheckInReceipt?> FindOwnAsync(ResidentProfile resident, Guid submissionId, CancellationToken cancellationToken)
    {
        var owner = Owner(resident);
        var owned = await db.CheckIns.AsNoTracking().AnyAsync(c => c.SubmissionId == submissionId && c.CreatedBy == owner, cancellationToken);
        return owned ? await outbox.FindAsync(submissionId, cancellationToken) : null;
    }

    public async Task<string> VenueNameAsync(string venueId, CancellationToken cancellationToken) =>
        (await venues.FindAsync(venueId, cancellationToken))?.Name ?? suggestions.Find(venueId)?.Name ?? venueId;

    /// <summary>The staff-managed venues, and in Simulator mode the simulator's venues too.</summary>
    private async Task<List<VenueChoice>> ChoicesAsync(CancellationToken cancellationToken)
    {
        var choices = (await venues.ListAsync(cancellationToken))
            .Select(v => new VenueChoice(Value(v.VenueId, v.TenantId), v.TenantId is null ? v.Name : $"{v.Name} ({v.TenantId})", v.VenueId, v.TenantId))
            .ToList();
        if (safeEntry.Value.Mode == ServiceMode.Simulator)
        {
            foreach (var venue in suggestions.All)
            {
                var tenants = venue.TenantIds.Count == 0 ? [null] : venue.TenantIds.Select(t => (string?)t);
                foreach (var tenant in tenants)
                {
                    var value = Value(venue.VenueId, tenant);
                    if (choices.All(c => c.Value != value))
                    {
                        choices.Add(new VenueChoice(value, tenant is null ? venue.Name : $"{venue.Name} ({tenant})", venue.VenueId, tenant));
                    }
                }
            }
        }

        return choices;
    }

    private static string Value(string venueId, string? tenantId) => tenantId is null ? venueId : venueId + "/" + tenantId;

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
