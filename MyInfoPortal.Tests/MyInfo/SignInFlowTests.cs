using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// The sign-in flow in memory, against a fake Myinfo that speaks the real protocol. State handling
/// (A1-A9): every refusal is a 400 and costs no token call.
/// </summary>
public sealed class SignInFlowTests
{
    [Fact]
    public async Task PageFlowExchangesOnceStoresTheProfileEncryptedAndShowsIt()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (authorise, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));
        var next = await FlowDriver.ContinueLinkAsync(callback);
        var callbackHtml = await callback.Content.ReadAsStringAsync();
        using var complete = await browser.GetAsync(new Uri(next, UriKind.Relative));
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        Assert.StartsWith("http://localhost/sim/myinfo/v3/authorise?", authorise.AbsoluteUri, StringComparison.Ordinal);
        Assert.Matches("^/myinfo/complete/[0-9a-f-]{36}$", next);
        Assert.DoesNotContain(code, callbackHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var text = await FlowDriver.PageTextAsync(profile);
        Assert.Contains("TAN HENG HUAT", text, StringComparison.Ordinal);
        Assert.Contains("*****381D", text, StringComparison.Ordinal);
        Assert.DoesNotContain("S9812381D", text, StringComparison.Ordinal);
        Assert.Contains("no-store", profile.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, factory.Calls.TokenCalls);
        Assert.Equal(1, factory.Calls.PersonCalls);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var session = await db.ResidentSessions.SingleAsync();
        Assert.DoesNotContain("S9812381D", session.ProtectedProfile, StringComparison.Ordinal);
        Assert.DoesNotContain("TAN HENG HUAT", session.ProtectedProfile, StringComparison.Ordinal);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), session.ExpiresAt);
        var flow = await db.LoginFlows.SingleAsync();
        Assert.NotNull(flow.StateConsumedAt);
        Assert.NotNull(flow.CodeConsumedAt);
        Assert.Null(flow.ProtectedCode);
        Assert.Equal(Web.Common.Hashing.Sha256Hex(state), flow.StateHash);
        Assert.Equal(Web.Common.Hashing.Sha256Hex(code), flow.CodeHash);
    }

    [Fact]
    public async Task CallbackRejectsReplayedState()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");
        await FlowDriver.CompletePageFlowAsync(browser, code, state);

        using var replay = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));
        using var replayWithNewCode = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayWithNewCode.StatusCode);
        Assert.Contains("Try again", await FlowDriver.PageTextAsync(replay), StringComparison.Ordinal);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task CallbackRejectsExpiredState()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);

        factory.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task StateIsStillValidJustBeforeItsTenMinutesAreUp()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);

        factory.Clock.Advance(TimeSpan.FromMinutes(9));
        await FlowDriver.CompletePageFlowAsync(browser, factory.Fake.IssueCode("S9812381D"), state);

        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task CallbackRejectsStateFromAnotherBrowserWithoutSpendingIt()
    {
        using var factory = new MyInfoFactory();
        using var victim = factory.CreateBrowser();
        using var attacker = factory.CreateBrowser();
        await FlowDriver.StartPageFlowAsync(attacker);
        var (_, state) = await FlowDriver.StartPageFlowAsync(victim);
        var code = factory.Fake.IssueCode("S9812381D");

        using var foreign = await FlowDriver.CallbackAsync(attacker, FlowDriver.CallbackQuery(code, state));
        using var noCookie = await factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false })
            .GetAsync(new Uri("/callback?" + FlowDriver.CallbackQuery(code, state), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCookie.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);

        // The rightful browser can still finish.
        await FlowDriver.CompletePageFlowAsync(victim, code, state);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task CallbackRejectsTamperedState()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var tampered = (state[0] == 'A' ? "B" : "A") + state[1..];

        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), tampered));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    public static TheoryData<string> MalformedCallbacks() =>
    [
        "code={code}",
        "code={code}&state={state}&state={state}",
        "code={code}&code={code}&state={state}",
        "code={code}&state=" + new string('A', 8 * 1024),
        "code={code}&state={state}%C3%A9",
        "code={code}&state=%C3%A9{state}",
        "code={code}&state={state}%0D%0AX-Injected:1",
        "code={code}%00&state={state}",
        "code=&state={state}",
        "state={state}",
        "code={code}&error=access_denied&state={state}",
        "code=" + new string('a', 600) + "&state={state}",
        "code={code}&state={state}&pad=" + new string('x', 5000),
    ];

    [Theory]
    [MemberData(nameof(MalformedCallbacks))]
    public async Task MalformedCallbackIsRejectedBeforeTheStateIsTouched(string template)
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(browser, template.Replace("{code}", code, StringComparison.Ordinal).Replace("{state}", state, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var flow = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().LoginFlows.SingleAsync();
            Assert.Null(flow.StateConsumedAt);
        }

        // Untouched: the well-formed callback still completes.
        await FlowDriver.CompletePageFlowAsync(browser, code, state);
    }

    [Fact]
    public async Task DenyShowsAFriendlyPageAndSpendsTheState()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);

        using var denied = await FlowDriver.CallbackAsync(browser, "state=" + state + "&error=access_denied&error-description=Resource+Owner+did+not+authorize+the+request");
        using var later = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));

        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        var page = await HtmlForm.ReadAsync(denied);
        Assert.Contains("You did not share your Myinfo data", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("a"), a => a.TextContent.Trim() == "Try again" && a.GetAttribute("href") == "/login");
        Assert.DoesNotContain("Resource Owner", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    public async Task MyinfoErrorOnTheCallbackShowsAnHonestPage(string error)
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);

        using var page = await FlowDriver.CallbackAsync(browser, "state=" + state + "&error=" + error);

        Assert.Contains("Myinfo is not available right now", await FlowDriver.PageTextAsync(page), StringComparison.Ordinal);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task FiftyConcurrentCallbacksWithOneStateMakeExactlyOneTokenCall()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var query = FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state);

        var callbacks = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => FlowDriver.CallbackAsync(browser, query)));
        var winners = callbacks.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.Equal(49, callbacks.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        var next = await FlowDriver.ContinueLinkAsync(winners[0]);

        // The continuation, followed 50 times at once (every tab, every retry), exchanges once.
        var completions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => browser.GetAsync(new Uri(next, UriKind.Relative))));

        Assert.Single(completions, r => r.StatusCode == HttpStatusCode.SeeOther);
        Assert.Equal(49, completions.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(1, factory.Calls.TokenCalls);
        Assert.Equal(1, factory.Fake.TokenCalls);
        foreach (var response in callbacks.Concat(completions))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task CallbackCarriesNoReferrerNoStoreAndTheStrictHeaders()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));
        using var refused = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));

        foreach (var response in new[] { callback, refused })
        {
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal(Web.Hosting.SecurityHeadersMiddleware.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(response.Headers.Contains("Server"));
        }

        var page = await HtmlForm.ReadAsync(callback);
        var scripts = page.QuerySelectorAll("script").ToList();
        var script = Assert.Single(scripts);
        Assert.StartsWith("/js/callback.js", script.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Empty(script.TextContent.Trim());
        Assert.All(page.QuerySelectorAll("[src],link[href]"), e =>
            Assert.StartsWith("/", e.GetAttribute("src") ?? e.GetAttribute("href"), StringComparison.Ordinal));
        Assert.DoesNotContain("//", string.Join(' ', page.QuerySelectorAll("[src],link[href]").Select(e => e.GetAttribute("src") ?? e.GetAttribute("href"))), StringComparison.Ordinal);
        Assert.DoesNotContain(code, page.Body!.TextContent, StringComparison.Ordinal);

        // The script really is there and follows the link with location.replace (no history entry for the code).
        using var js = await browser.GetAsync(new Uri("/js/callback.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        var source = await js.Content.ReadAsStringAsync();
        Assert.Contains("myinfo-continue", source, StringComparison.Ordinal);
        Assert.Contains("location.replace", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("returnUrl=//evil.example")]
    [InlineData("returnUrl=/\\evil.example")]
    [InlineData("returnUrl=https://evil.example")]
    [InlineData("returnUrl=%2F%2Fevil.example")]
    [InlineData("returnUrl=javascript:alert(1)")]
    [InlineData("redirect_uri=https://evil.example/callback")]
    public async Task NoParameterCanRedirectAnywhereElse(string query)
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();

        using var login = await browser.GetAsync(new Uri("/login?" + query, UriKind.Relative));
        var authorise = login.Headers.Location!;
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorise.Query)["state"].Single()!;
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state) + "&" + query);
        var next = await FlowDriver.ContinueLinkAsync(callback);
        using var complete = await browser.GetAsync(new Uri(next + (next.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query, UriKind.Relative));

        Assert.Equal("http://localhost/sim/myinfo/v3/authorise", authorise.GetLeftPart(UriPartial.Path));
        Assert.Equal("http://localhost/callback", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorise.Query)["redirect_uri"].Single());
        Assert.Matches("^/myinfo/complete/[0-9a-f-]{36}$", next);
        Assert.Equal("/profile", complete.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LoginIsRateLimitedWithRetryAfter()
    {
        using var factory = new MyInfoFactory();
        factory.With("RateLimits:LoginPerMinute", "2");
        using var browser = factory.CreateBrowser();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await browser.GetAsync(new Uri("/login", UriKind.Relative));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.Contains("Retry-After"));
        last.Dispose();
    }

    [Fact]
    public async Task JsonApiOverItsRateLimitAnswersInTheConnectorsJsonShape()
    {
        using var factory = new MyInfoFactory();
        factory.With("RateLimits:LoginPerMinute", "1");
        using var browser = factory.CreateBrowser();

        using var first = await browser.GetAsync(new Uri("/users/me/external/myinfo-redirect-login", UriKind.Relative));
        using var limited = await browser.GetAsync(new Uri("/users/me/external/myinfo-redirect-login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal("application/json", limited.Content.Headers.ContentType?.MediaType);
        using var body = System.Text.Json.JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Equal("rate_limited", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task OverHttpsTheCookiesAreHostPrefixedAndSecure()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        // The browser sent the prefixed binding cookie back with Myinfo's redirect.
        Assert.Contains(callback.RequestMessage!.Headers.GetValues("Cookie").Single().Split("; "), c => c.StartsWith("__Host-mip-myinfo=", StringComparison.Ordinal));
        var session = Assert.Single(complete.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-mip-resident=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("TAN HENG HUAT", await FlowDriver.PageTextAsync(profile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginSetsTheBindingCookieHttpOnlyAndLax()
    {
        using var factory = new MyInfoFactory();
        using var https = factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var http = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var secure = await https.GetAsync(new Uri("/login", UriKind.Relative));
        using var plain = await http.GetAsync(new Uri("/login", UriKind.Relative));

        var secureCookie = Assert.Single(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-mip-myinfo=", StringComparison.Ordinal));
        Assert.Contains("; secure", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", secureCookie, StringComparison.OrdinalIgnoreCase);
        var plainCookie = Assert.Single(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mip-myinfo=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no-store", plain.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoTabsInOneBrowserCanEachFinish()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, first) = await FlowDriver.StartPageFlowAsync(browser);
        var (_, second) = await FlowDriver.StartPageFlowAsync(browser);

        await FlowDriver.CompletePageFlowAsync(browser, factory.Fake.IssueCode("S9812381D"), second);
        await FlowDriver.CompletePageFlowAsync(browser, factory.Fake.IssueCode("S9812381D"), first);

        Assert.Equal(2, factory.Calls.TokenCalls);
        await using var scope = factory.Services.CreateAsyncScope();

        // Sign-in rotates the session: the second completion replaced the first one's row.
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ResidentSessions.CountAsync());
    }

    internal static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
