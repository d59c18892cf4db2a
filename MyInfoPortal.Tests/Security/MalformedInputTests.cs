using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Tests.Staff;
using Xunit.Abstractions;

namespace MyInfoPortal.Tests.Security;

/// <summary>
/// security.md E and issue 9: every route the app maps (read from its endpoint data source, so a new route
/// is walked without anyone listing it) is sent malformed input the way an attacker would: odd route values,
/// oversized, control-character and invalid UTF-8 values in every query and form field, unreadable and
/// oversized form bodies, wrong content types, forged antiforgery tokens. None may answer 5xx or log an error.
/// </summary>
public sealed class MalformedInputTests(ITestOutputHelper output)
{
    /// <summary>Values for query strings and form fields. Raw ones are already escaped (invalid UTF-8).</summary>
    private static readonly (string Value, bool Raw)[] OddValues =
    [
        (string.Empty, false),
        (new string('x', 9_000), false),
        ("\0\u0001\u0007\r\n\t", false),
        ("\u202e\u200b\ufeff", false),
        ("été 漢字 😀", false),
        ("%FF%FE%C3%28", true),
        ("9999-12-31", false),
        ("0001-01-01", false),
        ("-1", false),
        ("99999999999999999999", false),
        ("//evil.example/x", false),
        ("<script>alert(1)</script>", false),
        ("00000000-0000-0000-0000-000000000000", false),
    ];

    /// <summary>
    /// Values for route parameters (they must still be one path segment). A NUL in the path is left out: the
    /// test server refuses to send it, and Kestrel answers 400 to it before the app sees anything.
    /// </summary>
    private static readonly string[] OddSegments =
    [
        "0", "-1", "200", "600", "2147483648", "99999999999999999999", "abc", "00000000-0000-0000-0000-000000000000",
        new string('9', 300), "%FF%FE", "%E2%80%AE", "..%2F..%2Fetc", "é",
    ];

    [Fact]
    public async Task NoRouteAnswers5xxOrLogsAnErrorWhateverItIsSent()
    {
        using var factory = new KioskFactory();
        foreach (var limit in new[] { "SignInPerMinute", "LoginPerMinute", "CallbackPerMinute", "CheckInPerMinute" })
        {
            factory.With("RateLimits:" + limit, "1000000");
        }

        using var staff = await StaffTestSupport.SignedInAsync(factory);
        await KioskTestSupport.SetUpAsync(staff);
        var venueId = await factory.WithDbAsync(db => db.Venues.Select(v => v.Id).FirstAsync());
        var token = await AntiforgeryTokenAsync(staff);

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .OrderBy(e => EndsASession(e.RoutePattern.RawText!) ? 1 : 0)
            .ThenBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");

        var failures = new List<string>();
        var sent = 0;

        async Task SendAsync(string method, string path, string what, HttpContent? content = null, bool withTokenHeader = false)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = content };
            if (withTokenHeader)
            {
                request.Headers.TryAddWithoutValidation("RequestVerificationToken", token);
            }

            sent++;
            using var response = await staff.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {Shorten(path)} ({what}) answered {(int)response.StatusCode}");
            }
        }

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared
                ? declared
                : ["GET", "POST"];
            var fields = FieldNames(endpoint);
            var path = Path(pattern, p => PlausibleValue(p, venueId));
            var oddPaths = pattern.Parameters
                .SelectMany(p => OddSegments.Select(odd => (What: $"route {p.Name}={Shorten(odd)}", Path: Path(pattern, q => q.Name == p.Name ? odd : PlausibleValue(q, venueId)))))
                .ToList();

            foreach (var method in methods)
            {
                var isPost = method == "POST";
                await SendAsync(method, path, "plausible", isPost ? Form(token, []) : null);
                foreach (var (what, oddPath) in oddPaths)
                {
                    await SendAsync(method, oddPath, what, isPost ? Form(token, []) : null);
                }

                // Each field alone, then every field at once; route parameter names too, to try overriding route values.
                var names = fields.Concat(pattern.Parameters.Select(p => p.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                foreach (var name in names)
                {
                    foreach (var (value, raw) in OddValues)
                    {
                        var pair = Pair(name, value, raw);
                        if (isPost)
                        {
                            await SendAsync(method, path, $"field {name}={Shorten(value)}", Form(token, [pair]));
                        }
                        else
                        {
                            await SendAsync(method, path + "?" + pair, $"query {name}={Shorten(value)}");
                        }
                    }
                }

                foreach (var (value, raw) in OddValues.Take(8))
                {
                    var all = names.Select(n => Pair(n, value, raw)).ToList();
                    await SendAsync(method, isPost ? path : path + "?" + string.Join('&', all), $"all fields={Shorten(value)}", isPost ? Form(token, all) : null);
                }

                // Bodies the form reader refuses or that are not forms at all.
                foreach (var (what, body) in UnreadableBodies(token))
                {
                    await SendAsync(method, path, what, body());
                }

                foreach (var (what, body) in WrongContentTypes())
                {
                    await SendAsync(method, path, what, body(), withTokenHeader: true);
                }

                if (isPost)
                {
                    await SendAsync(method, path, "forged antiforgery token", Form("CfDJ8" + new string('A', 150), []));
                    await SendAsync(method, path, "no antiforgery token", new FormUrlEncodedContent([]));
                }
            }
        }

        // Still serving, and nothing logged as an error along the way.
        using var health = await staff.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var errors = factory.Logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{endpoints.Count} endpoints, {sent} requests, {failures.Count} 5xx answers, {errors.Count} error lines");
        Assert.True(failures.Count == 0, "5xx answers:\n" + string.Join('\n', failures.Take(60)));
        Assert.True(errors.Count == 0, "error lines:\n" + string.Join('\n', errors.Take(20).Select(e => Shorten(e, 400))));
    }

    private static bool EndsASession(string route) =>
        route.Contains("logout", StringComparison.Ordinal) || route.Contains("signout", StringComparison.Ordinal) || route.Contains("clear", StringComparison.Ordinal);

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    /// <summary>Query and form fields an action binds: simple parameters, and the properties of complex ones.</summary>
    private static List<string> FieldNames(Endpoint endpoint)
    {
        var action = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>();
        if (action is null)
        {
            return [];
        }

        var names = new List<string>();
        foreach (var parameter in action.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Services || source == BindingSource.Special || parameter.ParameterType == typeof(CancellationToken))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(decimal))
            {
                names.Add(parameter.Name);
            }
            else
            {
                names.AddRange(type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name));
            }
        }

        return names;
    }

    private static string PlausibleValue(RoutePatternParameterPart parameter, int venueId)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content).ToList();
        return constraints.Contains("guid") ? Guid.NewGuid().ToString("D")
            : constraints.Contains("int") || constraints.Contains("long") ? (parameter.Name == "status" ? "404" : venueId.ToString(CultureInfo.InvariantCulture))
            : "S9812381D";
    }

    private static string Path(RoutePattern pattern, Func<RoutePatternParameterPart, string> value)
    {
        var builder = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                builder.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Segment(value(parameter)),
                    _ => string.Empty,
                });
            }
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    /// <summary>Already-escaped values (starting with %) go in as they are; others are escaped.</summary>
    private static string Segment(string value) =>
        value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);

    private static string Pair(string name, string value, bool raw) =>
        Uri.EscapeDataString(name) + "=" + (raw ? value : Uri.EscapeDataString(value));

    private static ByteArrayContent Form(string token, IEnumerable<string> pairs) =>
        RawForm(string.Join('&', pairs.Prepend("__RequestVerificationToken=" + Uri.EscapeDataString(token))));

    private static ByteArrayContent RawForm(string body) => Bytes(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded");

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static IEnumerable<(string What, Func<HttpContent> Body)> UnreadableBodies(string token)
    {
        var prefix = "__RequestVerificationToken=" + Uri.EscapeDataString(token);
        yield return ("form with a NUL escape", () => RawForm(prefix + "&a=%00"));
        yield return ("form with a field over 8 KB", () => RawForm(prefix + "&a=" + new string('x', 9_000)));
        yield return ("form with 100 fields", () => RawForm(prefix + string.Concat(Enumerable.Range(0, 100).Select(i => "&f" + i.ToString(CultureInfo.InvariantCulture) + "=1"))));
        yield return ("form body over 1 MB", () => RawForm(prefix + "&" + string.Concat(Enumerable.Repeat("a=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&", 15_000))));
        yield return ("form of invalid UTF-8 bytes", () => Bytes([.. Encoding.ASCII.GetBytes(prefix + "&a="), 0xFF, 0xFE, 0xC3, 0x28, 0x80], "application/x-www-form-urlencoded"));
        yield return ("multipart without a boundary", () => Bytes(Encoding.ASCII.GetBytes("--x\r\n\r\n"), "multipart/form-data"));
        yield return ("multipart that never ends", () => Bytes(Encoding.ASCII.GetBytes("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"), "multipart/form-data; boundary=x"));
        yield return ("form with an unknown charset", () => Bytes(Encoding.ASCII.GetBytes(prefix + "&a=b"), "application/x-www-form-urlencoded; charset=x-no-such-charset"));
    }

    private static IEnumerable<(string What, Func<HttpContent> Body)> WrongContentTypes()
    {
        yield return ("JSON body", () => Bytes(Encoding.UTF8.GetBytes("{\"Sub\":\"S1234567D\",\"id\":1}"), "application/json"));
        yield return ("broken JSON body", () => Bytes(Encoding.UTF8.GetBytes("{\"Sub\":"), "application/json"));
        yield return ("plain text body", () => Bytes(Encoding.UTF8.GetBytes("hello"), "text/plain"));
        yield return ("XML body", () => Bytes(Encoding.UTF8.GetBytes("<a>1</a>"), "application/xml"));
        yield return ("garbage content type", () => Bytes(Encoding.UTF8.GetBytes("a=b"), "no/such; ;;=="));
    }

    /// <summary>For failure messages: short, and with control characters spelled out.</summary>
    private static string Shorten(string value, int length = 60)
    {
        var visible = new StringBuilder();
        foreach (var c in value.Length <= length ? value : value[..length])
        {
            _ = char.IsControl(c) ? visible.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)) : visible.Append(c);
        }

        return value.Length <= length ? visible.ToString() : visible.Append("...(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)").ToString();
    }
}
