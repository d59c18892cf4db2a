using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Deployment;

/// <summary>
/// Two portal processes behind one (imaginary) load balancer, sharing one PostgreSQL database and one
/// certificates folder: a sign-in started on one instance finishes on the other, so login state and
/// Data Protection keys are really shared.
/// </summary>
public sealed class PostgresMultiInstanceTests : IAsyncLifetime
{
    private PostgresServer? _postgres;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("portal");
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
