using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>
/// Gives a cookie the <c>__Host-</c> prefix whenever the request came over HTTPS (the browser then
/// insists on Secure, Path=/ and no Domain), and its plain name over HTTP, where such a cookie would be refused.
/// </summary>
public sealed class HostPrefixCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _inner = new();

    public static string NameFor(HttpRequest request, string baseName) =>
        request.IsHttps ? "__Host-" + baseName : baseName;

    public string? GetRequestCookie(HttpContext context, string key) =>
        _inner.GetRequestCookie(context, NameFor(context.Request, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameFor(context.Request, key), value, Pinned(options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameFor(context.Request, key), Pinned(options));

    private static CookieOptions Pinned(CookieOptions options) => new(options) { Path = "/", Domain = null };
}
