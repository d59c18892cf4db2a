using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// security.md G on the real process in its default Simulator mode: full page and JSON API flows,
/// a denial and a refused replay, then every log sink is searched.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class SimulatorKestrelLogTests
{
    [Fact]
    public async Task SimulatorFlowsOnKestrelLeaveNoCodeStateTokenSecretOrFullNricInTheLogs()
    {
        await using var portal = new PortalProcess();
        await portal.StartAsync();
        var secrets = new ConcurrentBag<string>();
        var baseUri = new Uri(portal.BaseUrl);

        foreach (var persona in new[] { "S7204518A", "S8810346G", "T0412876H", "M2219046J" })
        {
            using var browser = new KestrelBrowser(secrets);

            // Page flow, then sign-out.
            using var login = await browser.GetAsync(new Uri(portal.BaseUrl + "/login"));
            var callback = await AuthoriseAsync(browser, browser.Next(login), persona);
            using var callbackPage = await browser.GetAsync(callback);
            using var complete = await browser.GetAsync(new Uri(baseUri, await FlowDriver.ContinueLinkAsync(callbackPage)));
            using var profile = await browser.GetAsync(browser.Next(complete));
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
            using var signedOut = await browser.SubmitAsync(profile, "form.profile__signout", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);

            // A replay of the same callback is refused (and logged as such).
            using var replay = await browser.GetAsync(callback);
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);

            // JSON API flow.
            using var start = await browser.GetAsync(new Uri(portal.BaseUrl + "/users/me/external/myinfo-redirect-login"));
            using var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
            var apiCallback = await AuthoriseAsync(browser, new Uri(started.RootElement.GetProperty("data").GetProperty("url").GetString()!), persona);
            using var apiCallbackPage = await browser.GetAsync(apiCallback);
            using var person = await browser.GetAsync(new Uri(baseUri, await FlowDriver.ContinueLinkAsync(apiCallbackPage)));
            Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        }

        using (var denier = new KestrelBrowser(secrets))
        {
            using var login = await denier.GetAsync(new Uri(portal.BaseUrl + "/login"));
            using var denied = await denier.GetAsync(await AuthoriseAsync(denier, denier.Next(login), "S7204518A", "deny"));
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        }

        await Task.Delay(500);
        var logs = LogScan.Collect(portal.Output, portal.LogsFolder);
        Assert.Contains("Myinfo person data retrieved", logs, StringComparison.Ordinal);
        Assert.Contains("Callback state refused", logs, StringComparison.Ordinal);
        var clientSecret = (await File.ReadAllTextAsync(portal.Folder.Combine("certs", "myinfo-simulator.client-secret"))).Trim();
        Assert.True(secrets.Count >= 16, "the flows should have carried codes and states");
        var hits = LogScan.Find(logs, [.. secrets, clientSecret]);
        Assert.True(hits.Count == 0, "Found in the logs:\n" + string.Join('\n', hits));
    }

    private static async Task<Uri> AuthoriseAsync(KestrelBrowser browser, Uri authorise, string persona, string decision = "allow")
    {
        using var picker = await browser.GetAsync(authorise);
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        using var consent = await browser.SubmitAsync(picker, "#persona-form", new Dictionary<string, string> { ["persona"] = persona });
        using var decided = await browser.SubmitAsync(consent, "#consent-form", new Dictionary<string, string> { ["decision"] = decision });
        return browser.Next(decided);
    }
}
