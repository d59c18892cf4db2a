using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MyInfoPortal.Web.Features.Errors;

/// <summary>Error pages in the portal's own design, with a request ID and a way back; never exception text.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed partial class ErrorController(ILogger<ErrorController> logger) : Controller
{
    /// <summary>
    /// The status comes from the route alone, read directly rather than bound: the page is re-executed with
    /// the failed request's method and body, and a body that cannot be read (or that carries a field named
    /// <c>status</c>) must not decide which page is shown. A status that is not an error is no page at all (404).
    /// </summary>
    [Route("/error/{status:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Show()
    {
        var requestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (failure is not null)
        {
            // The type only: exception messages can carry personal data or upstream bodies.
            Unhandled(logger, failure.Error.GetType().Name, failure.Path, requestId);
        }

        var status = int.TryParse(RouteData.Values["status"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var code = failure is not null ? StatusCodes.Status500InternalServerError
            : status is >= 400 and <= 599 ? status
            : StatusCodes.Status404NotFound;
        var originalPath = failure?.Path ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;
        Response.StatusCode = code;
        Response.Headers.CacheControl = "no-store";
        return View("Error", new ErrorViewModel(code, requestId, RetryPathFor(code, Request.Method, originalPath)));
    }

    [LoggerMessage(EventId = 9000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} on {Path} (request {RequestId})")]
    private static partial void Unhandled(ILogger logger, string exceptionType, string path, string requestId);

    /// <summary>
    /// A page that failed on a passing problem may be tried again: same path, GET only, no query string
    /// (a query can hold one-time values such as an authorisation code), and never the sign-in callback.
    /// </summary>
    public static string? RetryPathFor(int status, string method, string? originalPath)
    {
        if (status is not (429 or 500 or 502 or 503 or 504) || !HttpMethods.IsGet(method) || string.IsNullOrEmpty(originalPath))
        {
            return null;
        }

        var isPlainLocalPath = originalPath.StartsWith('/') && !originalPath.StartsWith("//", StringComparison.Ordinal)
            && !originalPath.Contains('\\', StringComparison.Ordinal);
        var isOneTime = originalPath.StartsWith("/callback", StringComparison.OrdinalIgnoreCase)
            || originalPath.StartsWith("/error", StringComparison.OrdinalIgnoreCase);
        return isPlainLocalPath && !isOneTime ? originalPath : null;
    }
}

public sealed record ErrorViewModel(int StatusCode, string RequestId, string? RetryPath = null)
{
    public string Category => StatusCode switch
    {
        >= 500 => "Error " + StatusCode + " · our side",
        _ => "Error " + StatusCode,
    };

    public string Title => StatusCode switch
    {
        400 => "That request could not be understood",
        401 or 403 => "You do not have access to this page",
        404 => "Page not found",
        429 => "Too many requests",
        502 or 503 or 504 => "A service we depend on is not answering",
        _ => "Something went wrong on our side",
    };

    public string Explanation => StatusCode switch
    {
        400 => "Please go back and try again.",
        401 or 403 => "Sign in with an account that may see it, or go back to the home page.",
        404 => "The address may be mistyped, or the page may have moved.",
        429 => "Please wait a minute before trying again.",
        502 or 503 or 504 => "Nothing you entered was lost. Please try again in a few minutes.",
        _ => "The problem has been logged. Please try again in a few minutes.",
    };
}
