using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>
/// A visitor's check-in from their own phone, after scanning the venue's poster: the venue from the
/// address, the NRIC/FIN and (when shared) the mobile number from the retrieved profile, through the same
/// outbox as the kiosk with source Phone. Once stored, the retrieved profile is deleted; a one-tap
/// check-out later re-sends what the outbox already holds for the check-in, nothing more.
/// </summary>
public sealed class PhoneCheckInService(
    ICheckInOutbox outbox,
    VenueService venues,
    IVenueSuggestions suggestions,
    KioskService kiosk,
    KioskClock clock,
    PortalDbContext db,
    CheckInProtector protector,
    ResidentSessionStore sessions,
    IOptions<SafeEntryOptions> safeEntry,
    ILogger<PhoneCheckInService> logger)
{
    public const string CreatedBy = "phone";

    /// <summary>
    /// The venue a poster names: a staff-managed venue, or in Simulator mode one of the gateway simulator's.
    /// Null for a malformed or unknown venue id, or a tenant the venue does not have.
    /// </summary>
    public async Task<PhoneVenue?> FindVenueAsync(string? venueIdText, string? tenantText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(venueIdText) || venueIdText.Contains("://", StringComparison.Ordinal) || !VenueIds.TryParseVenue(venueIdText, out var venueId))
        {
            return null;
        }

        string? tenantId = null;
        if (!string.IsNullOrEmpty(tenantText) && !VenueIds.TryParseTenant(tenantText, out tenantId))
        {
            return null;
        }

        if (await venues.FindAsync(venueId, cancellationToken) is { } saved)
        {
            // A staff-managed venue has at most one tenant; a poster for another tenant is not ours.
            if (tenantId is not null && saved.TenantId is not null && !string.Equals(tenantId, saved.TenantId, StringComparison.Ordinal))
            {
                return null;
            }

            return new PhoneVenue(saved.VenueId, tenantId ?? saved.TenantId, saved.Name);
        }

        if (safeEntry.Value.Mode == ServiceMode.Simulator && suggestions.Find(venueId) is { } simulated)
        {
            var tenantOk = simulated.TenantIds.Count == 0
                ? tenantId is null
                : tenantId is not null && simulated.TenantIds.Contains(tenantId, StringComparer.Ordinal);
            return tenantOk ? new PhoneVenue(simulated.VenueId, tenantId, simulated.Name) : null;
        }

        return null;
    }

    /// <summary>The posters staff can print: every staff-managed venue, and in Simulator mode each simulator venue and tenant.</summary>
    public async Task<List<PhoneVenue>> PosterVenuesAsync(CancellationToken cancellationToken)
    {
        var list = (await venues.ListAsync(cancellationToken)).Select(v => new PhoneVenue(v.VenueId, v.TenantId, v.Name)).ToList();
        if (safeEntry.Value.Mode == ServiceMode.Simulator)
        {
            foreach (var venue in suggestions.All.Where(s => list.All(v => v.VenueId != s.VenueId)))
            {
                list.AddRange(venue.TenantIds.Count == 0
                    ? [new PhoneVenue(venue.VenueId, null, venue.Name)]
                    : venue.TenantIds.Select(t => new PhoneVenue(venue.VenueId, t, venue.Name)));
            }
        }

        return list;
    }

    /// <summary>What a resident sees when the phone check-in form is refused.</summary>
    public static readonly ResidentCheckInMessages Messages = new(
        NoUsableId: "Your profile has no NRIC/FIN that SafeEntry accepts, so you cannot check in from your phone. Please ask the venue staff to check you in at their kiosk.",
        ChooseAction: "Choose Check in or Check out.",
        InvalidMobile: "Enter a Singapore mobile number: 8 digits starting with 8 or 9, e.g. 9123 4567.",
        Expired: "This page has expired. Please check the details and send again.");

    public static string CleanAction(string? action) => ResidentCheckInValidator.ActionOrCheckIn(action);

    public static PhoneConfirmViewModel Confirm(PhoneVenue venue, ResidentProfile resident, string? action, Guid? submissionId = null, string? mobileNo = null)
    {
        ArgumentNullException.ThrowIfNull(resident);
        var uinfin = resident.Person.Uinfin;
        var mobile = resident.Person.SingaporeMobileNumber;
        return new PhoneConfirmViewModel(
            venue,
            submissionId is { } id && id != Guid.Empty ? id : Guid.NewGuid(),
            CleanAction(action),
            uinfin is null ? null : Nric.Mask(uinfin),
            Nric.IsValid(uinfin),
            mobile is not null,
            mobileNo ?? mobile,
            resident.Provider == SignInProvider.Singpass ? "Singpass" : "Myinfo");
    }

    /// <summary>
    /// Validates and stores the submission, waits briefly for the gateway's answer, then deletes the
    /// retrieved profile (<paramref name="sessionToken"/>): from here on the server keeps only the outbox row.
    /// </summary>
    public async Task<ResidentCheckInResult> SubmitAsync(
        PhoneVenue venue, ResidentProfile resident, string? sessionToken, PhoneCheckInInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(venue);
        ArgumentNullException.ThrowIfNull(resident);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ResidentCheckInValidator.UsableUinfin(resident, Messages, errors) is not { } uinfin)
        {
            return new ResidentCheckInResult(null, errors);
        }

        var fields = ResidentCheckInValidator.Validate(uinfin, input.ActionType, input.MobileNo, input.SubmissionId, Messages, errors);
        if (fields is null)
        {
            PhoneCheckInLog.ValidationFailed(logger, string.Join(",", errors.Keys.Select(k => k.Length == 0 ? "form" : k)));
            return new ResidentCheckInResult(null, errors);
        }

        var receipt = await outbox.EnqueueAsync(
            new CheckInRequest(input.SubmissionId, venue.VenueId, venue.TenantId, fields.ActionType, SubTypes.Uinfin, fields.Uinfin, fields.MobileNo, CheckInSource.Phone, CreatedBy),
            cancellationToken);
        if (!receipt.Duplicate)
        {
            PhoneCheckInLog.Submitted(logger, fields.ActionType, receipt.SubMasked, venue.VenueId, input.SubmissionId);
        }

        // Stored: the profile retrieved for this check-in is no longer needed on the server.
        if (await sessions.DeleteAsync(sessionToken, cancellationToken) is { } ended)
        {
            PhoneCheckInLog.ProfileDeleted(logger, ended, input.SubmissionId);
        }

        return new ResidentCheckInResult(await kiosk.AwaitOutcomeAsync(receipt, cancellationToken), errors);
    }

    /// <summary>A phone submission made today (venue local time), or null.</summary>
    public async Task<CheckInReceipt?> FindPassAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        if (submissionId == Guid.Empty)
        {
            return null;
        }

        var (start, _) = clock.DayRange(clock.Today);
        var isToday = await db.CheckIns.AsNoTracking()
            .AnyAsync(c => c.SubmissionId == submissionId && c.Source == CheckInSource.Phone && c.CreatedAt >= start, cancellationToken);
        return isToday ? await outbox.FindAsync(submissionId, cancellationToken) : null;
    }

    /// <summary>
    /// Checks the visitor of today's phone check-in <paramref name="passSubmissionId"/> out of the same
    /// venue, with the ID and number the outbox holds for it. Null when there is no such check-in.
    /// </summary>
    public async Task<CheckInReceipt?> CheckOutAsync(Guid passSubmissionId, Guid checkOutSubmissionId, CancellationToken cancellationToken)
    {
        if (checkOutSubmissionId == Guid.Empty || checkOutSubmissionId == passSubmissionId)
        {
            return null;
        }

        // A repeat of the same tap finds the stored check-out.
        if (await FindPassAsync(checkOutSubmissionId, cancellationToken) is { } repeat)
        {
            return repeat;
        }

        var (start, _) = clock.DayRange(clock.Today);
        var row = await db.CheckIns.AsNoTracking().SingleOrDefaultAsync(
            c => c.SubmissionId == passSubmissionId && c.Source == CheckInSource.Phone && c.CreatedAt >= start && c.ActionType == KioskActions.CheckIn,
            cancellationToken);
        if (row is null)
        {
            return null;
        }

        var receipt = await outbox.EnqueueAsync(
            new CheckInRequest(
                checkOutSubmissionId,
                row.VenueId,
                row.TenantId,
                KioskActions.CheckOut,
                row.SubType,
                protector.Unprotect(row.ProtectedSub),
                protector.Unprotect(row.ProtectedMobileNo),
                CheckInSource.Phone,
                CreatedBy),
            cancellationToken);
        if (!receipt.Duplicate)
        {
            PhoneCheckInLog.CheckedOutFromPass(logger, receipt.SubMasked, row.VenueId, passSubmissionId, checkOutSubmissionId);
        }

        return await kiosk.AwaitOutcomeAsync(receipt, cancellationToken);
    }

    public async Task<string> VenueNameAsync(string venueId, CancellationToken cancellationToken) =>
        (await venues.FindAsync(venueId, cancellationToken))?.Name ?? suggestions.Find(venueId)?.Name ?? venueId;

    public DateTime ToLocal(DateTime utc) => clock.ToLocal(utc);

    public DateTime LocalNow => clock.ToLocal(clock.UtcNow);

    /// <summary>How long the pass cookie lives: until the venue's local midnight.</summary>
    public TimeSpan UntilEndOfDay()
    {
        var (_, end) = clock.DayRange(clock.Today);
        var left = end - clock.UtcNow;
        return left > TimeSpan.FromMinutes(1) ? left : TimeSpan.FromMinutes(1);
    }

    public static (string Text, string? Reason) Describe(CheckInReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return receipt.Status switch
        {
            CheckInStatus.Accepted => ("Accepted by SafeEntry", null),
            CheckInStatus.Failed => ("Not accepted by SafeEntry", PlainReason(receipt.LastError)),
            CheckInStatus.NeedsAttention => ("Saved, not yet delivered", "SafeEntry could not be reached. Your record is kept and the venue staff can resend it."),
            _ => ("Sending to SafeEntry\u2026", null),
        };
    }

    /// <summary>The gateway's refusal in the visitor's terms: what went wrong and what to do at the door.</summary>
    public static string PlainReason(string? lastError)
    {
        var mapped = GatewayErrors.Map(lastError);
        return mapped?.Field switch
        {
            GatewayErrors.VenueId => "SafeEntry does not recognise this venue's QR code. Please tell the venue staff and check in at their counter.",
            GatewayErrors.TenantId => "SafeEntry does not recognise the shop on this QR code. Please tell the venue staff and check in at their counter.",
            GatewayErrors.MobileNo => "SafeEntry did not accept your mobile number. Scan the QR code again and check the number.",
            GatewayErrors.Sub or GatewayErrors.SubType => "SafeEntry did not accept your NRIC/FIN. Please check in at the venue's counter.",
            null when mapped is not null => mapped.Message,
            _ => "SafeEntry did not accept this record. Please check in at the venue's counter.",
        };
    }
}
