namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// The resident-side cookies. Over HTTPS they are <c>__Host-</c> prefixed and Secure (so no sibling host
/// can plant them); every one is HttpOnly with Path=/.
/// </summary>
public static class PortalCookies
{
    /// <summary>Binds a Myinfo sign-in to this browser. Lax: it must come back with Myinfo's redirect to /callback.</summary>
    public const string BindingBaseName = "mip-myinfo";

    /// <summary>The resident session holding a retrieved profile. Strict: only our own pages need it.</summary>
    public const string SessionBaseName = "mip-resident";

    public static string Name(HttpRequest request, string baseName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps ? "__Host-" + baseName : baseName;
    }

    public static string? Read(HttpRequest request, string baseName) =>
        request.Cookies.TryGetValue(Name(request, baseName), out var value) ? value : null;

    public static void WriteBinding(HttpContext context, string secret, TimeSpan lifetime) =>
        Write(context, BindingBaseName, secret, SameSiteMode.Lax, lifetime);

    public static void WriteSession(HttpContext context, string secret, TimeSpan lifetime) =>
        Write(context, SessionBaseName, secret, SameSiteMode.Strict, lifetime);

    public static void Delete(HttpContext context, string baseName)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(Name(context.Request, baseName), new CookieOptions
        {
            Path = "/",
            Secure = context.Request.IsHttps,
            HttpOnly = true,
        });
    }

    private static void Write(HttpContext context, string baseName, string value, SameSiteMode sameSite, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Name(context.Request, baseName), value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = sameSite,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }
}
