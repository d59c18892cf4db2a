using Microsoft.AspNetCore.Http;

namespace MyInfoPortal.Web.Hosting;

public static class NoStore
{
    /// <summary>For pages that carry personal data or one-time values: nothing is cached anywhere.</summary>
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache, max-age=0";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
    }
}

/// <summary>Marks an action's response as personal: no-store on every result, errors included.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class NoStoreAttribute : Microsoft.AspNetCore.Mvc.Filters.ActionFilterAttribute
{
    public override void OnActionExecuting(Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext context) =>
        NoStore.Apply(context.HttpContext.Response);
}
