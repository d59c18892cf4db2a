using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Staff;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Staff;

public sealed class StaffAccessTests
{
    [Theory]
    [InlineData("/kiosk")]
    [InlineData("/kiosk/log")]
    [InlineData("/kiosk/log.csv")]
    [InlineData("/kiosk/setup")]
    [InlineData("/kiosk/venues")]
    [InlineData("/staff/diagnostics")]
    public async Task StaffPagesRedirectAnonymousVisitorsToSignIn(string path)
    {
        using var factory = new PortalFactory();
        using var client = NewBrowser(factory);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/staff/login?ReturnUrl=" + Uri.EscapeDataString(path), Location(response));
    }

    [Fact]
    public async Task StatusFeedsAnswerScriptsWith401InsteadOfARedirect()
    {
        using var factory = new PortalFactory();
        using var client = NewBrowser(factory);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/kiosk/log/status", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignInWithTheRightPasswordOpensTheReturnUrl()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);

        var response = await SubmitLoginAsync(client, "ALICE", Password, returnUrl: "/staff/diagnostics?x=1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/diagnostics?x=1", Location(response));
        var log = await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        Assert.Contains("alice", HtmlForm.Parse(await log.Content.ReadAsStringAsync()).QuerySelector("[data-testid=signed-in-state]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://localhost.evil.example/kiosk")]
    public async Task ForeignReturnUrlsAreIgnored(string returnUrl)
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);

        var response = await SubmitLoginAsync(client, "alice", Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(StaffController.DefaultLandingPage, Location(response));
    }

    [Fact]
    public async Task ForeignReturnUrlPostedDirectlyIsIgnoredToo()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/staff/login", UriKind.Relative)));

        var response = await HtmlForm.SubmitAsync(client, page, "#staff-login", new Dictionary<string, string>
        {
            ["Username"] = "alice",
            ["Password"] = Password,
            ["ReturnUrl"] = "//evil.example/steal",
        });

        Assert.Equal(StaffController.DefaultLandingPage, Location(response));
    }

    [Fact]
    public async Task WrongPasswordShowsAPlainMessageAndNoSession()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);

        var response = await SubmitLoginAsync(client, "alice", "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The username or password is not right.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not the password at all", html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(StaffAuth.CookieName, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task UnknownUserGetsTheSameMessageAsAWrongPassword()
    {
        using var factory = new PortalFactory();
        using var client = NewBrowser(factory);

        var response = await SubmitLoginAsync(client, "nobody", Password);

        Assert.Contains("The username or password is not right.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiveFailuresLockTheAccountEvenAgainstTheRightPasswordUntilTheLockoutEnds()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);

        for (var i = 0; i < 5; i++)
        {
            var failure = await SubmitLoginAsync(client, "alice", "wrong password " + i);
            Assert.Contains("not right", await failure.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var locked = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().StaffUsers.SingleAsync();
            Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), locked.LockoutEndsAt);
        }

        // The page says nothing about the lockout (that would confirm the account exists); it just refuses.
        var rightButLocked = await SubmitLoginAsync(client, "alice", Password);
        Assert.Equal(HttpStatusCode.OK, rightButLocked.StatusCode);
        Assert.Contains("The username or password is not right.", await rightButLocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(rightButLocked.Headers.TryGetValues("Set-Cookie", out var lockedCookies) && lockedCookies.Any(c => c.StartsWith(StaffAuth.CookieName, StringComparison.Ordinal)));

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await SubmitLoginAsync(client, "alice", Password)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterLockout = await SubmitLoginAsync(client, "alice", Password);
        Assert.Equal(HttpStatusCode.Redirect, afterLockout.StatusCode);

        await using var after = factory.Services.CreateAsyncScope();
        var user = await after.ServiceProvider.GetRequiredService<PortalDbContext>().StaffUsers.SingleAsync();
        Assert.Equal(0, user.AccessFailedCount);
        Assert.Null(user.LockoutEndsAt);
    }

    [Fact]
    public async Task SignInAttemptsBeyondTheRateLimitGet429WithRetryAfter()
    {
        using var factory = new PortalFactory();
        factory.With("RateLimits:SignInPerMinute", "3");
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/staff/login", UriKind.Relative)));
        var wrong = new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = "not it at all" };

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await HtmlForm.SubmitAsync(client, page, "#staff-login", wrong)).StatusCode);
        }

        var limited = await HtmlForm.SubmitAsync(client, page, "#staff-login", new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.False(limited.Headers.Contains("Set-Cookie") && limited.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(StaffAuth.CookieName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignInWithoutAntiforgeryTokenIsRejected()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = Password });

        var response = await client.PostAsync(new Uri("/staff/login", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(StaffAuth.CookieName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SessionCookieIsHttpOnlyAndStrictAndHostPrefixedOverHttps()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);

        using var http = NewBrowser(factory);
        var plain = await SubmitLoginAsync(http, "alice", Password);
        var plainCookie = plain.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StaffAuth.CookieName + "=", StringComparison.Ordinal));

        using var https = NewBrowser(factory, "https://localhost");
        var secure = await SubmitLoginAsync(https, "alice", Password);
        var secureCookie = secure.Headers.GetValues("Set-Cookie").Single(c => c.Contains(StaffAuth.CookieName, StringComparison.Ordinal));

        Assert.Contains("httponly", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", plainCookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("__Host-" + StaffAuth.CookieName + "=", secureCookie, StringComparison.Ordinal);
        Assert.Contains("secure", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", secureCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AntiforgeryCookieIsHostPrefixedAndSecureWhenThePortalIsServedOverHttps()
    {
        using var factory = new PortalFactory().With("Portal:BaseUrl", "https://localhost");
        using var https = NewBrowser(factory, "https://localhost");

        var page = await https.GetAsync(new Uri("/staff/login", UriKind.Relative));

        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.Contains("mip-af", StringComparison.Ordinal));
        Assert.StartsWith("__Host-mip-af=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);

        // The form round trip still passes antiforgery (a refused token would be a 400): a wrong password is re-shown.
        var attempt = await SubmitLoginAsync(https, "nobody-yet", "not the right password");
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.NotNull((await HtmlForm.ReadAsync(attempt)).QuerySelector("#staff-login"));
    }

    [Fact]
    public async Task SignOutEndsTheSessionOnTheServerSoACopiedCookieIsUseless()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);
        var log = await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative));
        var copied = CookieHeader(client);

        var page = await HtmlForm.ReadAsync(log);
        var signOut = await HtmlForm.SubmitAsync(client, page, "form[action='/staff/logout']");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var attacker = NewBrowser(factory);
        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/staff/diagnostics", UriKind.Relative));
        replay.Headers.Add("Cookie", copied);
        var response = await attacker.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/staff/login", Location(response), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().StaffSessions.CountAsync());
    }

    [Fact]
    public async Task SigningInAgainRotatesTheSessionAndEndsThePreviousOne()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);
        var first = CookieHeader(client);

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitLoginAsync(client, "alice", Password)).StatusCode);
        var second = CookieHeader(client);

        Assert.NotEqual(first, second);
        using var old = NewBrowser(factory);
        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri("/staff/diagnostics", UriKind.Relative));
        replay.Headers.Add("Cookie", first);
        Assert.Equal(HttpStatusCode.Redirect, (await old.SendAsync(replay)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task IdleSessionsEndAfterTwentyMinutesButActivityKeepsThemAlive()
    {
        using var factory = new PortalFactory();
        using var active = await SignedInAsync(factory);
        using var idle = NewBrowser(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitLoginAsync(idle, "alice", Password)).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await active.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
        }

        var response = await idle.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/staff/login", Location(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPollingDoesNotKeepAnIdleSessionAlive()
    {
        using var factory = new MyInfoPortal.Tests.Kiosk.KioskFactory();
        using var client = await SignedInAsync(factory);

        for (var i = 0; i < 5; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(5));
            using var poll = new HttpRequestMessage(HttpMethod.Get, new Uri("/kiosk/log/status", UriKind.Relative));
            poll.Headers.Accept.ParseAdd("application/json");
            var answer = await client.SendAsync(poll);
            Assert.Equal(i < 3 ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, answer.StatusCode);

            // Past half the idle lifetime a normal request would slide the cookie; a poll must not.
            Assert.False(i < 3 && answer.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith(StaffAuth.CookieName + "=", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task SessionsEndAfterEightHoursHoweverActive()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(7.75); elapsed += TimeSpan.FromMinutes(15))
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var response = await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task RemovingAnAccountEndsItsLiveSessions()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<StaffAccountService>().RemoveAsync("alice", CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AChangedSecurityStampEndsLiveSessions()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.StaffUsers.ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, "changed"));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task PasswordsAreStoredHashedAndShortOnesAreRefused()
    {
        using var factory = new PortalFactory();
        await CreateAccountAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.Equal(CreateStaffResult.PasswordTooShort, await accounts.CreateAsync("bob", "elevenchars", CancellationToken.None));
        Assert.Equal(CreateStaffResult.AlreadyExists, await accounts.CreateAsync("Alice", Password, CancellationToken.None));
        Assert.Equal(CreateStaffResult.InvalidUserName, await accounts.CreateAsync("a b", Password, CancellationToken.None));
        var stored = await db.StaffUsers.SingleAsync();
        Assert.DoesNotContain(Password, stored.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", stored.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnosticsShowCertificatesButNoSecrets()
    {
        using var factory = new PortalFactory();
        using var client = await SignedInAsync(factory);

        var response = await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var portalCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(factory.Folder.Combine("certs", "portal.crt.pem")));
        var gatewayCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(factory.Folder.Combine("certs", "safeentry-simulator.crt.pem")));
        var myInfoCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(factory.Folder.Combine("certs", "myinfo-simulator.crt.pem")));
        Assert.Contains(portalCert.Thumbprint, html, StringComparison.Ordinal);
        Assert.Contains(gatewayCert.Thumbprint, html, StringComparison.Ordinal);
        Assert.Contains(myInfoCert.Thumbprint, html, StringComparison.Ordinal);
        Assert.Contains("CN=SafeEntry gateway simulator", html, StringComparison.Ordinal);
        Assert.Contains("Matches the configured private key.", html, StringComparison.Ordinal);
        Assert.Contains(portalCert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);

        var secret = File.ReadAllText(factory.Folder.Combine("certs", "myinfo-simulator.client-secret")).Trim();
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", html, StringComparison.Ordinal);
        Assert.Equal("no-store, no-cache, max-age=0", response.Headers.CacheControl!.ToString());
    }
}
