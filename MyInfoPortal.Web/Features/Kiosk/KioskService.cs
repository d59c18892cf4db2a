using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

public enum SubmitOutcome
{
    /// <summary>The form has errors; nothing was stored.</summary>
    Invalid,

    /// <summary>Nothing stored yet: the visitor checked in here earlier today, so check-out is proposed.</summary>
    SuggestCheckOut,

    /// <summary>Stored and sent, and the gateway refused it for a reason tied to the input.</summary>
    Rejected,

    /// <summary>Stored (accepted, or still on its way).</summary>
    Stored,
}

public sealed record SubmitResult(
    SubmitOutcome Outcome,
    IReadOnlyDictionary<string, string> Errors,
    CheckInReceipt? Receipt = null,
    GatewayFieldError? GatewayError = null,
    DateTime? CheckedInAt = null);

/// <summary>
/// The kiosk's work behind the page: validates a submission, proposes check-out to a visitor who is
/// still checked in, hands the submission to the durable outbox and waits briefly for the gateway's
/// answer so a rejection can be shown against the field it concerns.
/// </summary>
public sealed class KioskService(
    ICheckInOutbox outbox,
    VisitorHistory history,
    IOptions<KioskOptions> options,
    ILogger<KioskService> logger)
{
    public async Task<SubmitResult> SubmitAsync(KioskInput input, KioskDevice device, string? staff, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = KioskValidator.Validate(input, device, errors);
        if (valid is null)
        {
            KioskLog.ValidationFailed(logger, string.Join(",", errors.Keys.Select(k => k.Length == 0 ? "form" : k)));
            return new SubmitResult(SubmitOutcome.Invalid, errors);
        }

        // A repeat of a stored submission (double tap, browser retry) goes straight to its receipt.
        var existing = await outbox.FindAsync(valid.SubmissionId, cancellationToken);
        if (existing is null && !input.Suggested && valid.ActionType == KioskActions.CheckIn)
        {
            var since = await history.CheckedInSinceAsync(valid.Sub, valid.VenueId, valid.TenantId, cancellationToken);
            if (since is not null)
            {
                KioskLog.CheckOutSuggested(logger, Nric.Mask(valid.Sub), valid.VenueId);
                return new SubmitResult(SubmitOutcome.SuggestCheckOut, errors, CheckedInAt: since);
            }
        }

        var receipt = existing ?? await outbox.EnqueueAsync(
            new CheckInRequest(valid.SubmissionId, valid.VenueId, valid.TenantId, valid.ActionType, valid.SubType, valid.Sub, valid.MobileNo, CheckInSource.Kiosk, staff),
            cancellationToken);
        if (existing is not null || receipt.Duplicate)
        {
            KioskLog.DuplicateSubmission(logger, valid.SubmissionId);
        }
        else
        {
            KioskLog.Submitted(logger, valid.ActionType, receipt.SubMasked, valid.VenueId, valid.SubmissionId, staff);
        }

        receipt = await AwaitOutcomeAsync(receipt, cancellationToken);
        if (receipt.Status == CheckInStatus.Failed && GatewayErrors.Map(receipt.LastError) is { Field: not null } rejection)
        {
            KioskLog.GatewayRejected(logger, valid.SubmissionId, rejection.Field);
            errors[rejection.Field] = rejection.Message;
            return new SubmitResult(SubmitOutcome.Rejected, errors, receipt, rejection);
        }

        return new SubmitResult(SubmitOutcome.Stored, errors, receipt);
    }

    /// <summary>Waits up to <see cref="KioskOptions.ResultWait"/> for the gateway to accept or refuse the submission.</summary>
    public async Task<CheckInReceipt> AwaitOutcomeAsync(CheckInReceipt receipt, CancellationToken cancellationToken)
    {
        if (receipt.Status != CheckInStatus.Pending || options.Value.ResultWait <= TimeSpan.Zero)
        {
            return receipt;
        }

        return await outbox.WaitForOutcomeAsync(receipt, options.Value.ResultWait, cancellationToken) ?? receipt;
    }
}
