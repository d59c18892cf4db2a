using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>The Singpass FAPI 2.0 page flow: /singpass/login → Singpass → /singpass/callback → /profile.</summary>
public sealed class SingpassController(
    SingpassSignInService signIn,
    IOptions<SingpassOptions> singpass,
    IOptions<MyInfoOptions> myInfo,
    ILogger<SingpassController> logger) : Controller
{
    [HttpGet("/singpass/login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    [NoStore]
    public async Task<IActionResult> Login(CancellationToken cancellationToken)
    {
        if (!singpass.Value.Enabled)
        {
            return NotFound();
        }

        var (flow, url, problem) = await signIn.StartAsync(PortalCookies.Read(Request, PortalCookies.BindingBaseName), cancellationToken);
        if (flow is null)
        {
            return ProblemPage(problem!);
        }

        PortalCookies.WriteBinding(HttpContext, flow.BindingSecret, myInfo.Value.StateLifetime);
        return Redirect(url!);
    }

    [HttpGet("/singpass/callback")]
    [EnableRateLimiting(RateLimitPolicies.Callback)]
    [NoStore]
    public async Task<IActionResult> Callback(CancellationToken cancellationToken)
    {
        if (!singpass.Value.Enabled)
        {
            return NotFound();
        }

        // The address carries the code and state: it must not leak to any other site.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var input = SignInInput.ParseCallback(Request.Query, Request.QueryString.Value?.Length ?? 0, out var reason);
        if (input is null || !SignInInput.TryGetIssuer(Request.Query, out var issuer, out reason))
        {
            SingpassLog.CallbackRefused(logger, reason);
            return ProblemPage(SignInProblem.InvalidRequest);
        }

        var outcome = await signIn.CompleteAsync(
            input,
            issuer,
            PortalCookies.Read(Request, PortalCookies.BindingBaseName),
            PortalCookies.Read(Request, PortalCookies.SessionBaseName),
            cancellationToken);
        if (outcome.Session is null)
        {
            return ProblemPage(outcome.Problem!);
        }

        PortalCookies.WriteSession(HttpContext, outcome.Session.Token, myInfo.Value.ProfileLifetime);
        var next = SignInReturn.Take(HttpContext);

        // The session cookie is SameSite=Strict: a browser that arrived here through Singpass's cross-site
        // redirect would not send it on a redirect chained to this one, so such a browser is handed a page
        // that continues by itself (a same-site navigation). Everyone else is redirected straight on.
        if (string.Equals(Request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return View("~/Views/SignIn/Callback.cshtml", new CallbackViewModel(next));
        }

        Response.Headers.Location = next;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private ViewResult ProblemPage(SignInProblem problem)
    {
        Response.StatusCode = problem.Status;
        return View("~/Views/SignIn/Problem.cshtml", problem);
    }
}
