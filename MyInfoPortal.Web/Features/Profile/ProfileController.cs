using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.Profile;

/// <summary>The resident's retrieved profile, and sign-out. Nothing here may be cached by the browser.</summary>
[NoStore]
public sealed class ProfileController(
    IResidentProfileAccessor profiles,
    ResidentSessionStore sessions,
    IOptions<MyInfoOptions> options,
    IOptions<SingpassOptions> singpass,
    ILogger<ProfileController> logger) : Controller
{
    public const string RevealUinfin = "uinfin";

    [HttpGet("/profile")]
    public async Task<IActionResult> Index([FromQuery] string? reveal, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetSessionAsync(HttpContext, cancellationToken);
        if (profile is null)
        {
            return View("Empty");
        }

        // The attributes the provider that retrieved the profile was asked for, in the order asked.
        var asked = profile.Provider == SignInProvider.Singpass
            ? singpass.Value.ScopeList.Where(s => s != "openid").ToList()
            : options.Value.AttributeList;
        return View(ProfileViewBuilder.Build(profile, asked, reveal == RevealUinfin));
    }

    [HttpPost("/signout")]
    public async Task<IActionResult> SignOutResident(CancellationToken cancellationToken)
    {
        var ended = await sessions.DeleteAsync(PortalCookies.Read(Request, PortalCookies.SessionBaseName), cancellationToken);
        if (ended is { } id)
        {
            MyInfoLog.SignedOut(logger, id);
        }

        PortalCookies.Delete(HttpContext, PortalCookies.SessionBaseName);
        PortalCookies.Delete(HttpContext, PortalCookies.BindingBaseName);
        Response.Headers.Location = Url.Action(nameof(SignedOut));
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    [HttpGet("/signed-out")]
    public IActionResult SignedOut() => View();
}
