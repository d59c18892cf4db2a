namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>
/// Names today's phone submission on this phone, so the pass can be shown again until midnight. The value
/// is the submission's random id and nothing else: no personal data. HttpOnly and Strict; over HTTPS
/// <see cref="Hosting.SecureTransport"/> makes it <c>__Host-</c> prefixed and Secure.
/// </summary>
public static class PassCookie
{
    public const string BaseName = "mip-pass";

    public static Guid? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(BaseName, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;
    }

    public static void Write(HttpContext context, Guid submissionId, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(BaseName, submissionId.ToString("N"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = lifetime,
            IsEssential = true,
        });
    }
}
