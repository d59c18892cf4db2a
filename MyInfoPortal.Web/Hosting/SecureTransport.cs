using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Http.Features;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// The one place that decides whether a request is HTTPS, and what follows from it: HSTS (sent by
/// <see cref="SecurityHeadersMiddleware"/>) and how the portal's cookies look on the wire.
/// Code everywhere uses base names (<c>mip-af</c>, <c>mip-staff</c>, <c>mip-myinfo</c>, ...). A request is
/// HTTPS when <see cref="HttpRequest.IsHttps"/> says so: Kestrel's own TLS, or <c>X-Forwarded-Proto: https</c>
/// from a trusted proxy, which the forwarded-headers middleware has applied before this runs. Over HTTPS every
/// cookie goes out as <c>__Host-{name}</c> with Secure, HttpOnly, Path=/ and no Domain, and only
/// <c>__Host-</c> cookies are read back (a sibling host cannot plant one). Over plain HTTP, where the browser
/// would refuse such a cookie, they keep their base names.
/// </summary>
public static class SecureTransport
{
    public const string HostPrefix = "__Host-";

    public static bool IsHttps(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.IsHttps;
    }

    /// <summary>The name a cookie has in the browser for this request.</summary>
    public static string WireName(HttpRequest request, string baseName) =>
        IsHttps(request) ? HostPrefix + baseName : baseName;

    /// <summary>Renames and hardens cookies on the way out, and maps them back on the way in.</summary>
    public static IApplicationBuilder UsePortalCookies(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            if (IsHttps(context.Request))
            {
                var original = context.Request.Cookies;
                context.Features.Set<IRequestCookiesFeature>(new RequestCookiesFeature(new PrefixedOnly(original)));
            }

            return next(context);
        });

        return app.UseCookiePolicy(new CookiePolicyOptions
        {
            HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always,
            Secure = CookieSecurePolicy.SameAsRequest,
            MinimumSameSitePolicy = SameSiteMode.Lax,
            OnAppendCookie = context =>
            {
                if (IsHttps(context.Context.Request))
                {
                    context.CookieName = Prefixed(context.CookieName);
                    Harden(context.CookieOptions);
                }
            },
            OnDeleteCookie = context =>
            {
                if (IsHttps(context.Context.Request))
                {
                    context.CookieName = Prefixed(context.CookieName);
                    Harden(context.CookieOptions);
                }
            },
        });
    }

    private static string Prefixed(string name) =>
        name.StartsWith(HostPrefix, StringComparison.Ordinal) ? name : HostPrefix + name;

    /// <summary>What the browser insists on for a <c>__Host-</c> cookie.</summary>
    private static void Harden(CookieOptions options)
    {
        options.Secure = true;
        options.Path = "/";
        options.Domain = null;
    }

    /// <summary>The request's <c>__Host-</c> cookies under their base names; unprefixed ones are not visible.</summary>
    private sealed class PrefixedOnly(IRequestCookieCollection inner) : IRequestCookieCollection
    {
        private readonly Dictionary<string, string> _cookies = inner
            .Where(c => c.Key.StartsWith(HostPrefix, StringComparison.Ordinal) && c.Key.Length > HostPrefix.Length)
            .GroupBy(c => c.Key[HostPrefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

        public int Count => _cookies.Count;

        public ICollection<string> Keys => _cookies.Keys;

        public string? this[string key] => _cookies.TryGetValue(key, out var value) ? value : null;

        public bool ContainsKey(string key) => _cookies.ContainsKey(key);

        public bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _cookies.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _cookies.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
