using System.Text.RegularExpressions;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// Where a sign-in started from a page other than the home page goes back to. Only the phone check-in
/// page does this today. The target rides in a short-lived Lax cookie (it must come back with the
/// provider's cross-site redirect) and is accepted only when it is one of our own phone check-in
/// addresses, so the cookie can never send the browser elsewhere. It holds a venue id, never personal data.
/// </summary>
public static partial class SignInReturn
{
    public const string CookieBaseName = "mip-return";

    public const string DefaultPath = "/profile";

    public static void Remember(HttpContext context, string path, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsAllowed(path))
        {
            throw new ArgumentException("Only a phone check-in address may be a sign-in's return target.", nameof(path));
        }

        context.Response.Cookies.Append(CookieBaseName, path, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }

    /// <summary>The remembered target (and forgets it), or <see cref="DefaultPath"/>.</summary>
    public static string Take(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = PortalCookies.Read(context.Request, CookieBaseName);
        if (path is null)
        {
            return DefaultPath;
        }

        PortalCookies.Delete(context, CookieBaseName);
        return IsAllowed(path) ? path : DefaultPath;
    }

    public static bool IsAllowed(string? path) => path is not null && path.Length <= 256 && AllowedPattern().IsMatch(path);

    [GeneratedRegex(@"^/checkin/[A-Z0-9][A-Z0-9_-]{2,127}(\?(tenant=[A-Za-z0-9_-]{1,64}(&action=(checkin|checkout))?|action=(checkin|checkout)))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedPattern();
}
