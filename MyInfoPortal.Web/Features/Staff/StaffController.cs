using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
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
    TimeProvider time,
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
        switch (verification.Result)
        {
            case VerifyStaffResult.Success:
                await sessions.SignInAsync(HttpContext, verification.User!, cancellationToken);
                return LocalRedirect(returnUrl ?? DefaultLandingPage);
            case VerifyStaffResult.LockedOut:
                var minutes = Math.Max(1, (int)Math.Ceiling((verification.LockedUntil!.Value - time.GetUtcNow().UtcDateTime).TotalMinutes));
                ModelState.AddModelError(string.Empty, $"Too many failed attempts: this account is locked. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}, or ask an administrator.");
                break;
            default:
                ModelState.AddModelError(string.Empty, $"The username or password is not right. After {options.Value.LockoutThreshold} failed attempts the account is locked for a while.");
                break;
        }

        return View(new LoginViewModel(input.Username, returnUrl, null));
    }

    [HttpPost("/staff/logout")]
    public async Task<IActionResult> Logout(CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(HttpContext, cancellationToken);
        return Redirect(StaffAuth.LoginPath + "?signedOut=1");
    }

    private string? LocalOrNull(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return null;
        }

        if (Url.IsLocalUrl(returnUrl))
        {
            return returnUrl;
        }

        StaffLog.NonLocalReturnUrl(logger);
        return null;
    }
}
