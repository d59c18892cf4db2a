namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// The resident-side cookies, HttpOnly with Path=/. They are written and read under their base names;
/// <see cref="Hosting.SecureTransport"/> makes them <c>__Host-</c> prefixed and Secure over HTTPS.
/// </summary>
public static class PortalCookies
{
    /// <summary>Binds a Myinfo sign-in to this browser. Lax: it must come back with Myinfo's redirect to /callback.</summary>
    public const string BindingBaseName = "mip-myinfo";

    /// <summary>The resident session holding a retrieved profile. Strict: only our own pages need it.</summary>
    public const string SessionBaseName = "mip-resident";

    public static string? Read(HttpRequest request, string baseName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(baseName, out var value) ? value : null;
    }

    public static void WriteBinding(HttpContext context, string secret, TimeSpan lifetime) =>
        Write(context, BindingBaseName, secret, SameSiteMode.Lax, lifetime);

    public static void WriteSession(HttpContext context, string secret, TimeSpan lifetime) =>
        Write(context, SessionBaseName, secret, SameSiteMode.Strict, lifetime);

    public static void Delete(HttpContext context, string baseName)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(baseName, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
        });
    }

    private static void Write(HttpContext context, string baseName, string value, SameSiteMode sameSite, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(baseName, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = sameSite,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }
}
