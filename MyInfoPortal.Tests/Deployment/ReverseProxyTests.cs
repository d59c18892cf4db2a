using System.Net;
using AngleSharp.Html.Dom;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Deployment;

/// <summary>
/// Issue 2 (security.md C, D, F) on the real process: the portal behind a TLS-terminating proxy, with
/// <c>Portal:BaseUrl</c> at the public https address while Kestrel itself is reached over plain HTTP.
/// Forwarded headers count only from <c>Portal:KnownProxies</c>.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class ReverseProxyTests
{
    private const string PublicAddress = "https://portal.example.test";

    [Fact]
    public async Task FromATrustedProxyCookiesAreHostPrefixedAndSecureHstsIsSentOnceAndClientsHaveTheirOwnRateLimit()
    {
        await using var portal = new PortalProcess(Settings("127.0.0.1", loginPerMinute: 2));
        await portal.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        using var login = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "203.0.113.10");
        using var staffLogin = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/staff/login", client: "203.0.113.10");
        using var home = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/", client: "203.0.113.10");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith(PublicAddress + "/sim/myinfo/v3/authorise?", login.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, staffLogin.StatusCode);
        foreach (var response in new[] { login, staffLogin, home })
        {
            Assert.Equal(["max-age=31536000; includeSubDomains"], response.Headers.GetValues("Strict-Transport-Security"));
        }

        var cookies = SetCookies(login).Concat(SetCookies(staffLogin)).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-mip-myinfo=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("__Host-mip-af=", StringComparison.Ordinal));
        Assert.All(cookies, AssertHostPrefixed);

        // The antiforgery cookie comes back under its __Host- name and the form is accepted.
        using var attempt = await PostStaffLoginAsync(http, portal.BaseUrl, staffLogin, client: "203.0.113.10");
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.Contains("The username or password is not right.", await attempt.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The partition is the forwarded client address: one client's limit leaves the next one alone.
        using var second = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "203.0.113.10");
        using var third = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "203.0.113.10");
        using var other = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "203.0.113.20");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("192.0.2.10")]
    public async Task FromAnyOtherPeerForwardedHeadersChangeNothingAndNothingFails(string? knownProxies)
    {
        await using var portal = new PortalProcess(Settings(knownProxies, loginPerMinute: 2));
        await portal.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        using var login = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "198.51.100.1");
        using var staffLogin = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/staff/login", client: "198.51.100.1");

        // The https BaseUrl with a plain-HTTP request used to make every form page a 500.
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staffLogin.StatusCode);
        foreach (var response in new[] { login, staffLogin })
        {
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
            Assert.All(SetCookies(response), cookie =>
            {
                Assert.False(cookie.StartsWith("__Host-", StringComparison.Ordinal), cookie);
                Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
            });
        }

        using var attempt = await PostStaffLoginAsync(http, portal.BaseUrl, staffLogin, client: "198.51.100.1");
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);

        // Every request is in the peer's partition, whatever X-Forwarded-For says.
        using var second = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "198.51.100.2");
        using var spoofed = await SendAsync(http, HttpMethod.Get, portal.BaseUrl + "/login", client: "198.51.100.3");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed.StatusCode);
    }

    [Fact]
    public async Task AForgedAntiforgeryTokenIsOneWarningInThePortalsLogAndNoError()
    {
        await using var portal = new PortalProcess(Settings("127.0.0.1", loginPerMinute: 30));
        await portal.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var forged = "CfDJ8" + TestSecrets.NewPassword("forged").Replace("-", "Q", StringComparison.Ordinal);

        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri(portal.BaseUrl + "/staff/login"));
        page.Headers.Add("X-Forwarded-Proto", "https");
        page.Headers.Add("Cookie", "__Host-mip-af=" + forged);
        using var pageResponse = await http.SendAsync(page);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(portal.BaseUrl + "/staff/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = forged, ["Username"] = "alice", ["Password"] = "x" }),
        };
        post.Headers.Add("X-Forwarded-Proto", "https");
        post.Headers.Add("Cookie", "__Host-mip-af=" + forged);
        using var refused = await http.SendAsync(post);
        await Task.Delay(500);

        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var lines = portal.Output.Split('\n');
        var warning = Assert.Single(lines, l => l.Contains("Antiforgery token refused on POST /staff/login", StringComparison.Ordinal));
        Assert.Contains("WRN", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal));
        Assert.DoesNotContain(forged, portal.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string? knownProxies, int loginPerMinute) => new()
    {
        ["Portal:BaseUrl"] = PublicAddress,
        ["Portal:KnownProxies"] = knownProxies,
        ["RateLimits:LoginPerMinute"] = loginPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Simulators:AllowOutsideDevelopment"] = "true",
    };

    /// <summary>A request as a TLS-terminating proxy forwards it.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string client, string? cookie = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url)) { Content = content };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", client);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Posts the sign-in form of a page with a wrong password, returning its cookies as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostStaffLoginAsync(HttpClient http, string baseUrl, HttpResponseMessage page, string client)
    {
        var form = (IHtmlFormElement)(await HtmlForm.ReadAsync(page)).QuerySelector("#staff-login")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var cookie = string.Join("; ", SetCookies(page).Select(c => c.Split(';')[0]));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Username"] = "nobody",
            ["Password"] = "not the right password",
        });
        return await SendAsync(http, HttpMethod.Post, baseUrl + "/staff/login", client, cookie, content);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static void AssertHostPrefixed(string cookie)
    {
        Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
    }
}
