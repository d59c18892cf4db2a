using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// The seed connector's JSON API, same paths and shapes: start a sign-in, then trade the code that
/// reached /callback in this browser for the person data. Errors are
/// <c>{"message": "...", "error": "stable_code"}</c>, never an exception or an upstream body.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[JsonErrors]
public sealed class MyInfoApiController(SignInService signIn, IOptions<MyInfoOptions> options, ILogger<MyInfoApiController> logger) : ControllerBase
{
    [HttpGet("/users/me/external/myinfo-redirect-login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    [NoStore]
    public async Task<IActionResult> RedirectLogin(CancellationToken cancellationToken)
    {
        var (flow, authoriseUrl) = await signIn.StartAsync(
            LoginOrigin.Api, PortalCookies.Read(Request, PortalCookies.BindingBaseName), cancellationToken);
        PortalCookies.WriteBinding(HttpContext, flow.BindingSecret, options.Value.StateLifetime);
        return Ok(new { message = "OK", data = new { url = authoriseUrl, state = flow.State } });
    }

    [HttpGet(SignInService.ApiContinuationPath)]
    [EnableRateLimiting(RateLimitPolicies.Callback)]
    [NoStore]
    public async Task<IActionResult> Person(CancellationToken cancellationToken)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var code = SignInInput.ParseCode(Request.Query, Request.QueryString.Value?.Length ?? 0, out var reason);
        if (code is null)
        {
            MyInfoLog.ApiCodeRefused(logger, reason);
            return Error(SignInProblem.InvalidRequest);
        }

        var (soData, problem) = await signIn.RetrieveForApiAsync(code, PortalCookies.Read(Request, PortalCookies.BindingBaseName), cancellationToken);
        return soData is null ? Error(problem!) : Ok(new { message = "OK", sodata = soData });
    }

    internal static ObjectResult Error(SignInProblem problem) =>
        new(new { message = problem.Message, error = problem.Code }) { StatusCode = problem.Status };

    /// <summary>Anything unexpected still answers in the API's shape, without exception text.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    private sealed class JsonErrorsAttribute : ExceptionFilterAttribute
    {
        public override void OnException(ExceptionContext context)
        {
            if (context.Exception is OperationCanceledException && context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            context.HttpContext.RequestServices.GetRequiredService<ILogger<MyInfoApiController>>()
                .LogError("Unhandled {ExceptionType} in the Myinfo JSON API", context.Exception.GetType().Name);
            NoStore.Apply(context.HttpContext.Response);
            context.Result = new ObjectResult(new { message = "Something went wrong on our side. Please try again.", error = "internal_error" })
            {
                StatusCode = StatusCodes.Status500InternalServerError,
            };
            context.ExceptionHandled = true;
        }
    }
}
