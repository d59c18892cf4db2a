using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Deployment;

/// <summary>
/// Two portal processes behind one (imaginary) load balancer, sharing one PostgreSQL database and one
/// certificates folder: a sign-in started on one instance finishes on the other, so login state and
/// Data Protection keys are really shared.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class PostgresMultiInstanceTests : IAsyncLifetime
{
    private PostgresServer? _postgres;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("portal");
        await _postgres.CreateDatabaseAsync("kiosk");
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task SignInStartedOnOneInstanceCompletesOnTheOther()
    {
        using var shared = new TempFolder("mip-multi");
        var portA = FreePort.Next();
        var publicUrl = $"http://127.0.0.1:{portA}";
        Dictionary<string, string?> Settings() => new()
        {
            ["Portal:Database"] = "Postgres",
            ["ConnectionStrings:Portal"] = _postgres!.ConnectionString("portal"),
            ["Portal:CertificatesPath"] = shared.Combine("certs"),
            // Both instances answer for the same public address, as behind a load balancer.
            ["Portal:BaseUrl"] = publicUrl,
        };

        await using var instanceA = new PortalProcess(Settings(), port: portA);
        await instanceA.StartAsync();
        await using var instanceB = new PortalProcess(Settings());
        await instanceB.StartAsync();

        using var cookies = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(cookies);

        // Start on A through the seed's JSON API.
        var start = await browser.GetAsync(new Uri(instanceA.BaseUrl + "/users/me/external/myinfo-redirect-login"));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        using var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var authorise = started.RootElement.GetProperty("data").GetProperty("url").GetString()!;

        // The simulator's pages (served by A, the public address).
        var picker = await browser.GetAsync(new Uri(authorise));
        var consent = await HtmlForm.SubmitAsync(browser, Absolute(await HtmlForm.ReadAsync(picker), publicUrl), "#persona-form",
            new Dictionary<string, string> { ["persona"] = "S7204518A" });
        var redirect = await HtmlForm.SubmitAsync(browser, Absolute(await HtmlForm.ReadAsync(consent), publicUrl), "#consent-form",
            new Dictionary<string, string> { ["decision"] = "allow" });
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var callback = redirect.Headers.Location!;

        // The callback lands on B: the state row and the cookie's protection must be shared.
        var callbackPage = await browser.GetAsync(new Uri(instanceB.BaseUrl + callback.PathAndQuery));
        Assert.Equal(HttpStatusCode.OK, callbackPage.StatusCode);
        var continueLink = (await HtmlForm.ReadAsync(callbackPage)).QuerySelector("#myinfo-continue")!.GetAttribute("href")!;
        Assert.StartsWith("/users/me/external/myinfo?code=", continueLink, StringComparison.Ordinal);

        var person = await browser.GetAsync(new Uri(instanceB.BaseUrl + continueLink));
        var body = await person.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("OK", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("S7204518A", json.RootElement.GetProperty("sodata").GetProperty("uinfin").GetString());

        // The code is single-use across instances too.
        var replay = await browser.GetAsync(new Uri(instanceA.BaseUrl + continueLink));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task CheckInsTakenOnBothInstancesAreEachDeliveredExactlyOnce()
    {
        using var shared = new TempFolder("mip-multi");
        var portA = FreePort.Next();
        var publicUrl = $"http://127.0.0.1:{portA}";
        var connectionString = _postgres!.ConnectionString("kiosk");
        Dictionary<string, string?> Settings() => new()
        {
            ["Portal:Database"] = "Postgres",
            ["ConnectionStrings:Portal"] = connectionString,
            ["Portal:CertificatesPath"] = shared.Combine("certs"),
            ["Portal:BaseUrl"] = publicUrl,
            ["SafeEntry:PollInterval"] = "00:00:01",
        };

        await using var instanceA = new PortalProcess(Settings(), port: portA);
        await instanceA.StartAsync();
        await using var instanceB = new PortalProcess(Settings());
        await instanceB.StartAsync();
        var password = TestSecrets.NewPassword();
        var (exitCode, output) = await instanceA.RunCommandAsync(password + "\n", "staff", "add", "venue.staff", "--password-stdin");
        Assert.True(exitCode == 0, output);

        using var cookies = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(cookies);

        // Sign in on A; set the kiosk up on B: the staff session is shared too.
        var login = await browser.GetAsync(new Uri(instanceA.BaseUrl + "/staff/login"));
        var signedIn = await HtmlForm.SubmitAsync(browser, Absolute(await HtmlForm.ReadAsync(login), instanceA.BaseUrl), "#staff-login",
            new Dictionary<string, string> { ["Username"] = "venue.staff", ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var setup = await browser.GetAsync(new Uri(instanceB.BaseUrl + "/kiosk/setup"));
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var venue = SimulatedVenues.All[0].VenueId;
        var chosen = await HtmlForm.SubmitAsync(browser, Absolute(await HtmlForm.ReadAsync(setup), instanceB.BaseUrl),
            "form[action$='/kiosk/setup/simulated']", new Dictionary<string, string> { ["VenueId"] = venue });
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);

        string[] visitors = ["S1234567D", "T1234567J", "F1234567N", "G1234567X", "M1234567K", "M5012345J", "S6083480F", "T5717279C",
            "F6470401W", "G8877699U", "S0000001I", "S9960846C", "S9812381D", "S3100052A", "M2424771J", "M5043078W"];
        for (var i = 0; i < visitors.Length; i++)
        {
            var instance = i % 2 == 0 ? instanceA : instanceB;
            var kiosk = await browser.GetAsync(new Uri(instance.BaseUrl + "/kiosk"));
            Assert.Equal(HttpStatusCode.OK, kiosk.StatusCode);
            var posted = await HtmlForm.SubmitAsync(browser, Absolute(await HtmlForm.ReadAsync(kiosk), instance.BaseUrl), "#kiosk-form",
                new Dictionary<string, string> { ["ActionType"] = "checkin", ["SubType"] = "uinfin", ["Sub"] = visitors[i], ["MobileNo"] = "9123 45" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        // Both dispatchers run against the same rows; each submission must reach the gateway once.
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString).Options;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int accepted;
        do
        {
            await Task.Delay(500);
            await using var db = new PortalDbContext(options);
            accepted = await db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted);
        }
        while (accepted < visitors.Length && DateTime.UtcNow < deadline);

        await using var check = new PortalDbContext(options);
        Assert.Equal(visitors.Length, await check.CheckIns.CountAsync());
        Assert.Equal(visitors.Length, await check.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted));

        // The gateway simulator keeps what it received in the same database, in its own schema.
        await using var gateway = new SimulatorDbContext(new DbContextOptionsBuilder<SimulatorDbContext>().UseNpgsql(connectionString).Options);
        Assert.Equal(visitors.Length, await gateway.GatewayReceipts.CountAsync());
    }

    /// <summary>Relative form actions resolve against the page's own address.</summary>
    private static IHtmlDocument Absolute(IHtmlDocument page, string baseUrl)
    {
        foreach (var form in page.QuerySelectorAll("form"))
        {
            var action = form.GetAttribute("action");
            if (action is not null && action.StartsWith('/'))
            {
                form.SetAttribute("action", baseUrl + action);
            }
        }

        return page;
    }
}
