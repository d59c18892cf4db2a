using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>
/// What a visitor's phone opens from a venue poster: /checkin/{venueId} → sign in → confirm → the pass
/// (/checkin/pass), which stays on the phone for the rest of the day. Nothing here may be cached.
/// </summary>
[NoStore]
public sealed class PhoneCheckInController(
    PhoneCheckInService phone,
    IResidentProfileAccessor profiles,
    IOptions<SingpassOptions> singpass,
    IOptions<MyInfoOptions> myInfo,
    ILogger<PhoneCheckInController> logger) : Controller
{
    public const string ProviderSingpass = "singpass";
    public const string ProviderMyInfo = "myinfo";

    [HttpGet("/checkin/{venueId}")]
    public async Task<IActionResult> Start([FromRoute] string venueId, [FromQuery] string? tenant, [FromQuery] string? action, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return UnknownVenue();
        }

        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        return resident is null
            ? View("Start", new PhoneStartViewModel(venue, PhoneCheckInService.CleanAction(action), singpass.Value.Enabled))
            : View("Confirm", PhoneCheckInService.Confirm(venue, resident, action));
    }

    /// <summary>Remembers this page as the place to come back to, then starts the chosen sign-in.</summary>
    [HttpGet("/checkin/{venueId}/signin")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> SignIn(
        [FromRoute] string venueId, [FromQuery] string? tenant, [FromQuery] string? action, [FromQuery] string? provider, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return UnknownVenue();
        }

        var useSingpass = provider != ProviderMyInfo && singpass.Value.Enabled;
        SignInReturn.Remember(HttpContext, Url.CheckIn(venue, PhoneCheckInService.CleanAction(action)), myInfo.Value.StateLifetime);
        return useSingpass ? RedirectToAction("Login", "Singpass") : RedirectToAction("Login", "SignIn");
    }

    [HttpPost("/checkin/{venueId}")]
    [EnableRateLimiting(RateLimitPolicies.CheckIn)]
    public async Task<IActionResult> Submit([FromRoute] string venueId, [FromQuery] string? tenant, [FromForm] PhoneCheckInInput input, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return UnknownVenue();
        }

        var resident = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        if (resident is null)
        {
            // A repeat of a stored submission (double tap, browser retry): its profile is already gone, its pass is not.
            if (await phone.FindPassAsync(input.SubmissionId, cancellationToken) is { } stored)
            {
                PassCookie.Write(HttpContext, stored.SubmissionId, phone.UntilEndOfDay());
                return SeeOther(Url.Action(nameof(Pass))!);
            }

            // Signed out or expired meanwhile: start again from the venue's page.
            return SeeOther(Url.CheckIn(venue, PhoneCheckInService.CleanAction(input.ActionType)));
        }

        ModelState.Clear();
        var result = await phone.SubmitAsync(venue, resident, PortalCookies.Read(Request, PortalCookies.SessionBaseName), input, cancellationToken);
        if (result.Receipt is { } receipt)
        {
            PortalCookies.Delete(HttpContext, PortalCookies.SessionBaseName);
            PassCookie.Write(HttpContext, receipt.SubmissionId, phone.UntilEndOfDay());
            return SeeOther(Url.Action(nameof(Pass))!);
        }

        foreach (var (key, message) in result.Errors)
        {
            ModelState.AddModelError(key, message);
        }

        return View("Confirm", PhoneCheckInService.Confirm(venue, resident, input.ActionType, input.SubmissionId, Clip(input.MobileNo?.Trim(), 32)));
    }

    [HttpGet(PassPath)]
    public async Task<IActionResult> Pass(CancellationToken cancellationToken)
    {
        var receipt = PassCookie.Read(Request) is { } id ? await phone.FindPassAsync(id, cancellationToken) : null;
        if (receipt is null)
        {
            return View("NoPass");
        }

        var (text, reason) = PhoneCheckInService.Describe(receipt);
        return View("Pass", new PhonePassViewModel(
            receipt,
            await phone.VenueNameAsync(receipt.VenueId, cancellationToken),
            phone.ToLocal(receipt.CreatedAt),
            phone.LocalNow,
            LogStatus.Key(receipt.Status),
            text,
            reason,
            Guid.NewGuid()));
    }

    [HttpGet(PassPath + "/status")]
    public async Task<IActionResult> Status(CancellationToken cancellationToken)
    {
        var receipt = PassCookie.Read(Request) is { } id ? await phone.FindPassAsync(id, cancellationToken) : null;
        if (receipt is null)
        {
            return NotFound();
        }

        var (text, reason) = PhoneCheckInService.Describe(receipt);
        return Json(new PhonePassStatus(LogStatus.Key(receipt.Status), text, reason));
    }

    /// <summary>One tap on the pass: check out of the venue the pass is for.</summary>
    [HttpPost(PassPath + "/checkout")]
    [EnableRateLimiting(RateLimitPolicies.CheckIn)]
    public async Task<IActionResult> CheckOut([FromForm] Guid checkOutSubmissionId, CancellationToken cancellationToken)
    {
        var receipt = PassCookie.Read(Request) is { } id ? await phone.CheckOutAsync(id, checkOutSubmissionId, cancellationToken) : null;
        if (receipt is not null)
        {
            PassCookie.Write(HttpContext, receipt.SubmissionId, phone.UntilEndOfDay());
        }

        return SeeOther(Url.Action(nameof(Pass))!);
    }

    public const string PassPath = "/checkin/pass";

    private ViewResult UnknownVenue()
    {
        PhoneCheckInLog.UnknownVenue(logger);
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("UnknownVenue");
    }

    private StatusCodeResult SeeOther(string path)
    {
        Response.Headers.Location = path;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private static string? Clip(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
