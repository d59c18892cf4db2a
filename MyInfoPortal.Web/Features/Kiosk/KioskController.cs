using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

[Authorize(Policy = StaffAuth.RequireStaff)]
[NoStore]
public sealed class KioskController(
    KioskService kiosk,
    KioskDeviceStore devices,
    VenueService venues,
    VisitorHistory history,
    ICheckInOutbox outbox,
    KioskClock clock,
    IOptions<KioskOptions> options) : Controller
{
    [HttpGet("/kiosk")]
    public async Task<IActionResult> Index(Guid? correct, CancellationToken cancellationToken)
    {
        // A malformed ?correct= is simply ignored, not reported as a form error.
        ModelState.Clear();
        var context = await ContextAsync(cancellationToken);
        if (context is null)
        {
            return RedirectToAction(nameof(KioskSetupController.Setup), "KioskSetup");
        }

        var form = NewForm(context);
        if (correct is { } id && await outbox.FindAsync(id, cancellationToken) is { Status: CheckInStatus.Failed } failed)
        {
            // Back from a refused submission: the same choices, and the gateway's complaint on its field.
            var mapped = GatewayErrors.Map(failed.LastError);
            ModelState.AddModelError(mapped?.Field ?? string.Empty, mapped?.Message ?? "SafeEntry did not accept the last submission.");
            form = form with
            {
                ActionType = failed.ActionType,
                VenueIdOverride = failed.VenueId == context.Device.VenueId ? null : failed.VenueId,
                TenantIdOverride = failed.TenantId == context.TenantId ? null : failed.TenantId,
                Autofocus = mapped?.Field is "Sub" or "MobileNo" or "VenueId" or "TenantId" ? mapped.Field : "Sub",
            };
        }

        return View(form);
    }

    [HttpPost("/kiosk")]
    [EnableRateLimiting(RateLimitPolicies.CheckIn)]
    public async Task<IActionResult> Submit([FromForm] KioskInput input, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(cancellationToken);
        if (context is null)
        {
            return RedirectToAction(nameof(KioskSetupController.Setup), "KioskSetup");
        }

        // Model binding problems (a malformed SubmissionId) become the validator's own messages.
        ModelState.Clear();
        var result = await kiosk.SubmitAsync(input, context.Device, User.Identity?.Name, cancellationToken);
        switch (result.Outcome)
        {
            case SubmitOutcome.Stored:
                return RedirectToAction(nameof(Done), new { submissionId = result.Receipt!.SubmissionId });

            case SubmitOutcome.SuggestCheckOut:
                var since = clock.ToLocal(result.CheckedInAt!.Value).ToString("HH:mm", CultureInfo.InvariantCulture);
                return View("Index", Echo(context, input, input.SubmissionId) with
                {
                    ActionType = KioskActions.CheckOut,
                    Suggested = true,
                    Notice = $"This visitor checked in here at {since} today, so check-out is selected. Press Submit to check out, or choose check-in.",
                    Autofocus = "submit",
                });

            case SubmitOutcome.Rejected:
                foreach (var (key, message) in result.Errors)
                {
                    ModelState.AddModelError(key, message);
                }

                // The refused submission stays in the log; a corrected one needs an id of its own.
                return View("Index", Echo(context, input, Guid.NewGuid()) with
                {
                    Notice = "SafeEntry did not accept this. Nothing was recorded: correct the marked field and submit again.",
                    Autofocus = FirstError() ?? "Sub",
                });

            default:
                foreach (var (key, message) in result.Errors)
                {
                    ModelState.AddModelError(key, message);
                }

                return View("Index", Echo(context, input, input.SubmissionId == Guid.Empty ? Guid.NewGuid() : input.SubmissionId) with
                {
                    Autofocus = FirstError() ?? "Sub",
                });
        }
    }

    [HttpGet("/kiosk/done/{submissionId:guid}")]
    public async Task<IActionResult> Done([FromRoute] Guid submissionId, CancellationToken cancellationToken)
    {
        var receipt = await outbox.FindAsync(submissionId, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var venue = await venues.FindAsync(receipt.VenueId, cancellationToken);
        var (text, reason, field) = Describe(receipt);
        return View(new KioskDoneViewModel(
            receipt,
            venue?.Name ?? receipt.VenueId,
            clock.ToLocal(receipt.CreatedAt),
            LogStatus.Key(receipt.Status),
            text,
            reason,
            field,
            options.Value.ConfirmationSeconds));
    }

    [HttpGet("/kiosk/status/{submissionId:guid}")]
    [PassiveStaffRequest]
    public async Task<IActionResult> Status([FromRoute] Guid submissionId, CancellationToken cancellationToken)
    {
        var receipt = await outbox.FindAsync(submissionId, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var (text, reason, field) = Describe(receipt);
        return Json(new KioskStatusResponse(LogStatus.Key(receipt.Status), text, reason, field));
    }

    /// <summary>Asked by the form's script once an ID is entered: is this visitor still checked in here today?</summary>
    [HttpPost("/kiosk/suggest")]
    [EnableRateLimiting(RateLimitPolicies.CheckIn)]
    public async Task<IActionResult> Suggest([FromForm] KioskInput input, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(cancellationToken);
        if (context is null)
        {
            return Json(new KioskSuggestResponse(false, null));
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var probe = input with { ActionType = KioskActions.CheckIn, MobileNo = "91234567", SubmissionId = Guid.NewGuid() };
        var valid = KioskValidator.Validate(probe, context.Device, errors);
        if (valid is null)
        {
            return Json(new KioskSuggestResponse(false, null));
        }

        var since = await history.CheckedInSinceAsync(valid.Sub, valid.VenueId, valid.TenantId, cancellationToken);
        return Json(new KioskSuggestResponse(since is not null, since is { } at ? clock.ToLocal(at).ToString("HH:mm", CultureInfo.InvariantCulture) : null));
    }

    private static (string Text, string? Reason, string? Field) Describe(CheckInReceipt receipt)
    {
        switch (receipt.Status)
        {
            case CheckInStatus.Accepted:
                return ("Accepted by SafeEntry", null, null);
            case CheckInStatus.Failed:
                var mapped = GatewayErrors.Map(receipt.LastError);
                return ("Not accepted by SafeEntry", mapped?.Message, mapped?.Field);
            case CheckInStatus.NeedsAttention:
                return ("Saved, not yet delivered", "SafeEntry could not be reached. The record is kept; staff can resend it from the log.", null);
            default:
                return ("Saved, sending\u2026", null, null);
        }
    }

    private async Task<KioskContext?> ContextAsync(CancellationToken cancellationToken)
    {
        var device = devices.Read(Request);
        if (device is null)
        {
            return null;
        }

        var venue = await venues.FindAsync(device.VenueId, cancellationToken);
        return venue is null ? null : new KioskContext(device, venue.Name, device.TenantId);
    }

    private static KioskFormViewModel NewForm(KioskContext context) =>
        new(context, Guid.NewGuid(), context.Device.DefaultAction, SubTypes.Uinfin, null, null, null, null, false, null, "Sub");

    private static KioskFormViewModel Echo(KioskContext context, KioskInput input, Guid submissionId) =>
        new(
            context,
            submissionId,
            KioskActions.IsValid(input.ActionType?.Trim().ToLowerInvariant()) ? input.ActionType!.Trim().ToLowerInvariant() : context.Device.DefaultAction,
            SubTypes.IsValid(input.SubType?.Trim().ToLowerInvariant()) ? input.SubType!.Trim().ToLowerInvariant() : SubTypes.Uinfin,
            Clip(input.Sub?.Trim().ToUpperInvariant(), 32),
            Clip(input.MobileNo?.Trim(), 32),
            Clip(input.VenueId?.Trim(), 256),
            Clip(input.TenantId?.Trim(), 64),
            input.Suggested,
            null,
            "Sub");

    private string? FirstError() => FormErrors.FirstFieldWithError(ModelState, KioskValidator.FieldOrder);

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
