using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.SelfCheckIn;

public sealed record SelfCheckInDoneViewModel(CheckInReceipt Receipt, string VenueName, DateTime LocalTime, string StatusKey, string StatusText, string? Reason)
{
    public string ActionLabel => Receipt.ActionType == KioskActions.CheckOut ? "Checked out" : "Checked in";
}

/// <summary>A resident with a retrieved Myinfo profile checks in to a venue from the profile page.</summary>
[NoStore]
public sealed class SelfCheckInController(
    IResidentProfileAccessor profiles,
    SelfCheckInService selfCheckIn,
    KioskClock clock) : Controller
{
    [HttpGet("/profile/checkin")]
    public async Task<IActionResult> Form(CancellationToken cancellationToken)
    {
        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        return resident is null ? RedirectToAction(nameof(ProfileController.Index), "Profile") : View("Form", await selfCheckIn.NewFormAsync(resident, cancellationToken));
    }

    [HttpPost("/profile/checkin")]
    [EnableRateLimiting(RateLimitPolicies.CheckIn)]
    public async Task<IActionResult> Submit([FromForm] SelfCheckInInput input, CancellationToken cancellationToken)
    {
        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        if (resident is null)
        {
            return RedirectToAction(nameof(ProfileController.Index), "Profile");
        }

        ModelState.Clear();
        var result = await selfCheckIn.SubmitAsync(resident, input, cancellationToken);
        if (result.Receipt is { } receipt)
        {
            return RedirectToAction(nameof(Done), new { submissionId = receipt.SubmissionId });
        }

        foreach (var (key, message) in result.Errors)
        {
            ModelState.AddModelError(key, message);
        }

        var id = input.SubmissionId == Guid.Empty ? Guid.NewGuid() : input.SubmissionId;
        return View("Form", await selfCheckIn.EchoAsync(resident, input, id, cancellationToken));
    }

    [HttpGet("/profile/checkin/{submissionId:guid}")]
    public async Task<IActionResult> Done([FromRoute] Guid submissionId, CancellationToken cancellationToken)
    {
        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        var receipt = resident is null ? null : await selfCheckIn.FindOwnAsync(resident, submissionId, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var (text, reason) = Describe(receipt);
        return View("Done", new SelfCheckInDoneViewModel(
            receipt,
            await selfCheckIn.VenueNameAsync(receipt.VenueId, cancellationToken),
            clock.ToLocal(receipt.CreatedAt),
            LogStatus.Key(receipt.Status),
            text,
            reason));
    }

    [HttpGet("/profile/checkin/{submissionId:guid}/status")]
    public async Task<IActionResult> Status([FromRoute] Guid submissionId, CancellationToken cancellationToken)
    {
        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        var receipt = resident is null ? null : await selfCheckIn.FindOwnAsync(resident, submissionId, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var (text, reason) = Describe(receipt);
        return Json(new KioskStatusResponse(LogStatus.Key(receipt.Status), text, reason, null));
    }

    private static (string Text, string? Reason) Describe(CheckInReceipt receipt) => receipt.Status switch
    {
        CheckInStatus.Accepted => ("Accepted by SafeEntry", null),
        CheckInStatus.Failed => ("Not accepted by SafeEntry", GatewayErrors.Map(receipt.LastError)?.Message),
        CheckInStatus.NeedsAttention => ("Saved, not yet delivered", "SafeEntry could not be reached. Your record is kept and venue staff can resend it."),
        _ => ("Saved, sending\u2026", null),
    };
}

/// <summary>The check-in card in the profile page's slot.</summary>
public sealed class SelfCheckInViewComponent(IResidentProfileAccessor profiles, SelfCheckInService selfCheckIn) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var resident = await profiles.GetSessionAsync(HttpContext, HttpContext.RequestAborted);
        if (resident is null)
        {
            return Content(string.Empty);
        }

        return View("~/Views/SelfCheckIn/_Form.cshtml", await selfCheckIn.NewFormAsync(resident, HttpContext.RequestAborted));
    }
}
