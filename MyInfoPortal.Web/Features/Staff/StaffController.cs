using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.Staff;

public sealed record LoginInput
{
    [Required(ErrorMessage = "Enter your username.")]
    [StringLength(64, ErrorMessage = "Usernames are at most 64 characters.")]
    public string? Username { get; init; }

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(StaffOptionsValidator.MaximumPasswordLength, ErrorMessage = "That password is too long.")]
    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}

public sealed record LoginViewModel(string? Username, string? ReturnUrl, string? Problem);

[AllowAnonymous]
[NoStore]
public sealed class StaffController(
    StaffAccountService accounts,
    StaffSessionService sessions,
    IOptions<StaffOptions> options,
    ILogger<StaffController> logger) : Controller
{
    public const string DefaultLandingPage = "/kiosk";

    [HttpGet("/staff/login")]
    public IActionResult Login(string? returnUrl) =>
        View(new LoginViewModel(null, LocalOrNull(returnUrl), null));

    [HttpPost("/staff/login")]
    [EnableRateLimiting(RateLimitPolicies.SignIn)]
    public async Task<IActionResult> Login([FromForm] LoginInput input, CancellationToken cancellationToken)
    {
        var returnUrl = LocalOrNull(input.ReturnUrl);
        if (!ModelState.IsValid)
        {
            return View(new LoginViewModel(input.Username, returnUrl, null));
        }

        var verification = await accounts.VerifyAsync(input.Username, input.Password, cancellationToken);
        if (verification.Result == VerifyStaffResult.Success)
        {
            await sessions.SignInAsync(HttpContext, verification.User!, cancellationToken);
            return returnUrl is null ? RedirectToAction(nameof(KioskController.Index), "Kiosk") : LocalRedirect(returnUrl);
        }

        // One answer for an unknown name, a wrong password and a locked account: which one it was is in
        // the log for the administrator, not on the page for whoever is guessing.
        ModelState.AddModelError(string.Empty, $"The username or password is not right. After {options.Value.LockoutThreshold} failed attempts the account is locked for a while.");
        return View(new LoginViewModel(input.Username, returnUrl, null));
    }

    [HttpPost("/staff/logout")]
    public async Task<IActionResult> Logout(CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(HttpContext, cancellationToken);
        return RedirectToAction(nameof(Login), new { signedOut = 1 });
    }

    /// <summary>
    /// A return URL fit for the Location header, decided before any session is made: local only, and
    /// ASCII only (Kestrel refuses anything else in a header), so other characters are percent-encoded,
    /// and one holding control or invisible formatting characters (U+202E and the like) is ignored.
    /// </summary>
    private string? LocalOrNull(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return null;
        }

        if (!Url.IsLocalUrl(returnUrl))
        {
            StaffLog.NonLocalReturnUrl(logger);
            return null;
        }

        var encoded = EncodeForLocation(returnUrl);
        if (encoded is null)
        {
            StaffLog.UnprintableReturnUrl(logger);
        }

        return encoded;
    }

    /// <summary>Percent-encodes (as UTF-8) every character outside printable ASCII; null if any is a control or formatting character.</summary>
    public static string? EncodeForLocation(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return null;
            }

            if (rune.Value is > 0x20 and < 0x7F)
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
