using System.Net.Sockets;
using System.Net;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The portal in Simulator mode, except that Myinfo's token endpoint is an address where nothing answers:
/// the resident gets through the persona picker and consent, then Myinfo is down.
/// </summary>
public sealed class MyInfoDownPortalFixture : PortalFixture
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["MyInfo:TokenUrl"] = "http://127.0.0.1:" + ClosedPort() + "/token";
        settings["MyInfo:RequestTimeout"] = "00:00:03";
        return settings;
    }

    /// <summary>A loopback port that was free a moment ago and has no listener now.</summary>
    private static string ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class UpstreamDownJourneyTests(BrowserFixture browser, MyInfoDownPortalFixture portal, ITestOutputHelper output) : IClassFixture<MyInfoDownPortalFixture>
{
    [Fact]
    public async Task MyinfoOutageEndsOnAPlainPageWithRequestIdAndAWayToTryAgain()
    {
        await using var journey = await Journey.StartAsync(browser, "myinfo-down", portal.BaseUrl, Viewport.Phone, output: output);
        var page = journey.Page;

        await ResidentSteps.StartAtHomeAsync(journey);
        await ResidentSteps.OpenSimulatorPersonaPickerAsync(journey);
        await ResidentSteps.PickSimulatorPersonaAsync(journey, ResidentSteps.Aisyah);
        await journey.StepAsync("myinfo-down", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("We could not retrieve your Myinfo profile");
            await Expect(page.GetByTestId("request-id")).Not.ToBeEmptyAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the home page" })).ToHaveAttributeAsync("href", "/");
        });

        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ResidentSteps.Aisyah.Name, await page.ContentAsync(), StringComparison.Ordinal);

        await journey.StepAsync("try-again", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who is signing in?" })).ToBeVisibleAsync();
        });
    }
}
