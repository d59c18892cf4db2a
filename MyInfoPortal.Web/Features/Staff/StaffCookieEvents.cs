using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>Marks an endpoint whose requests (status polling) must not count as staff activity.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PassiveStaffRequestAttribute : Attribute;

/// <summary>
/// Checks every staff request against its server-side session; answers scripts (JSON) with 401 instead
/// of a redirect to the sign-in page.
/// </summary>
public sealed class StaffCookieEvents(StaffSessionService sessions, ILogger<StaffCookieEvents> logger) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var passive = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PassiveStaffRequestAttribute>() is not null;
        var verdict = await sessions.CheckAsync(context.Principal!, touch: !passive, context.HttpContext.RequestAborted);
        if (verdict != SessionCheck.Valid)
        {
            StaffLog.SessionRejected(logger, verdict.ToString());
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StaffAuth.Scheme);
        }
    }

    public override Task CheckSlidingExpiration(CookieSlidingExpirationContext context)
    {
        // Status polling must not stretch the cookie's idle lifetime either.
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PassiveStaffRequestAttribute>() is not null)
        {
            context.ShouldRenew = false;
        }

        return base.CheckSlidingExpiration(context);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (WantsJson(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (WantsJson(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return base.RedirectToAccessDenied(context);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));
}
