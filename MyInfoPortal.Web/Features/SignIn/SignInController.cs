using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

public sealed record CallbackViewModel(string ContinueUrl);

/// <summary>The page flow: /login → Myinfo → /callback → /myinfo/complete/{flow} → /profile.</summary>
public sealed class SignInController(SignInService signIn, IOptions<MyInfoOptions> options, ILogger<SignInController> logger) : Controller
{
    [HttpGet("/login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    [NoStore]
    public async Task<IActionResult> Login(CancellationToken cancellationToken)
    {
        var (flow, authoriseUrl) = await signIn.StartAsync(
            LoginOrigin.Page, PortalCookies.Read(Request, PortalCookies.BindingBaseName), cancellationToken);
        PortalCookies.WriteBinding(HttpContext, flow.BindingSecret, options.Value.StateLifetime);
        return Redirect(authoriseUrl);
    }

    [HttpGet("/callback")]
    [EnableRateLimiting(RateLimitPolicies.Callback)]
    [NoStore]
    public async Task<IActionResult> Callback(CancellationToken cancellationToken)
    {
        // The address carries the code and state: it must not leak to any other site.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var input = SignInInput.ParseCallback(Request.Query, Request.QueryString.Value?.Length ?? 0, out var reason);
        if (input is null)
        {
            MyInfoLog.CallbackMalformed(logger, reason);
            return ProblemPage(SignInProblem.InvalidRequest);
        }

        var outcome = await signIn.HandleCallbackAsync(input, PortalCookies.Read(Request, PortalCookies.BindingBaseName), cancellationToken);
        return outcome.Problem is not null
            ? ProblemPage(outcome.Problem)
            : View("Callback", new CallbackViewModel(outcome.ContinueUrl!));
    }

    [HttpGet("/myinfo/complete/{flowId:guid}")]
    [EnableRateLimiting(RateLimitPolicies.Callback)]
    [NoStore]
    public async Task<IActionResult> Complete([FromRoute] Guid flowId, CancellationToken cancellationToken)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var (session, problem) = await signIn.CompletePageFlowAsync(
            flowId,
            PortalCookies.Read(Request, PortalCookies.BindingBaseName),
            PortalCookies.Read(Request, PortalCookies.SessionBaseName),
            cancellationToken);
        if (session is null)
        {
            return ProblemPage(problem!);
        }

        PortalCookies.WriteSession(HttpContext, session.Token, options.Value.ProfileLifetime);
        Response.Headers.Location = SignInReturn.Take(HttpContext);
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private ViewResult ProblemPage(SignInProblem problem)
    {
        Response.StatusCode = problem.Status;
        return View("Problem", problem);
    }
}
