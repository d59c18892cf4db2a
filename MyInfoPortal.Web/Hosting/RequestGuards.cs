using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// Refuses a request whose form body cannot be read (a NUL escape, a field over the length limit, too many
/// fields, a body over the size limit, a multipart body without its boundary) with a 4xx before anything
/// else looks at it. Left to MVC, such a body makes model binding give up silently: every parameter of the
/// action, route values and <c>[FromServices]</c> ones included, arrives unset, and the action fails later
/// with a 500. Runs ahead of the antiforgery check (whose order is 1000) for the same reason.
/// </summary>
public sealed class UnreadableFormGuard(ILoggerFactory loggers) : IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!http.Request.HasFormContentType || IsErrorPage(http))
        {
            return;
        }

        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            SecurityLog.UnreadableForm(loggers.CreateLogger(SecurityLog.Category), http.Request.Method, RouteOf(http), ex.GetType().Name);
            context.Result = IsJsonEndpoint(context.ActionDescriptor)
                ? new ObjectResult(new { message = "The request body could not be read.", error = "invalid_request" }) { StatusCode = status }
                : new StatusCodeResult(status);
        }
    }

    /// <summary>The error page renders whatever the failed request's body was.</summary>
    private static bool IsErrorPage(HttpContext http) =>
        http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerPathFeature>() is not null;

    /// <summary>Server-to-server and script endpoints (controllers without views) answer in JSON.</summary>
    private static bool IsJsonEndpoint(Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor action) =>
        action is ControllerActionDescriptor controller && !typeof(Controller).IsAssignableFrom(controller.ControllerTypeInfo);

    /// <summary>The route template, never the request's own path (which is the client's text).</summary>
    internal static string RouteOf(HttpContext http) =>
        "/" + ((http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? string.Empty).TrimStart('/');
}

/// <summary>
/// Reports each refused antiforgery token once, as a security Warning naming the route (never the token or
/// the form). Result filters of this kind run even when the antiforgery check short-circuits the action.
/// </summary>
public sealed class AntiforgeryFailureLog(ILoggerFactory loggers) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            var http = context.HttpContext;
            SecurityLog.AntiforgeryRefused(loggers.CreateLogger(SecurityLog.Category), http.Request.Method, UnreadableFormGuard.RouteOf(http));
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
