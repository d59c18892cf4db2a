using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>Residents retrieving their Myinfo profile through the embedded Myinfo v3 simulator.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed partial class ResidentJourneyTests(BrowserFixture browser, PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task ResidentRetrievesProfileRevealsNricAndSignsOut(string viewport)
    {
        await using var journey = await Journey.StartAsync(browser, "resident-" + viewport, portal.BaseUrl, Viewport.ByName(viewport), output: output);
        var persona = ResidentSteps.Aisyah;

        await ResidentSteps.StartAtHomeAsync(journey);
        await ResidentSteps.OpenSimulatorPersonaPickerAsync(journey);
        await ResidentSteps.PickSimulatorPersonaAsync(journey, persona);
        await journey.StepAsync("profile", async () =>
        {
            await journey.Page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).ClickAsync();
            await ResidentSteps.AssertProfileAsync(journey, persona);
        });
        if (viewport == "desktop")
        {
            DocsScreenshots.Publish(journey, "profile");
        }

        // The callback page was shown and moved on by itself: nobody selected its Continue link.
        Assert.Contains(journey.Navigations, url => url.Contains("/callback?", StringComparison.Ordinal));

        await ResidentSteps.RevealAndSignOutAsync(journey, persona);
    }

    [Fact]
    public async Task ResidentChecksInToAVenueFromTheProfileWithMyinfoDetails()
    {
        await using var journey = await Journey.StartAsync(browser, "resident-self-checkin", portal.BaseUrl, Viewport.Phone, output: output);
        var page = journey.Page;
        var persona = ResidentSteps.Aisyah;

        await ResidentSteps.StartAtHomeAsync(journey);
        await ResidentSteps.OpenSimulatorPersonaPickerAsync(journey);
        await ResidentSteps.PickSimulatorPersonaAsync(journey, persona);
        await journey.StepAsync("profile", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).ClickAsync();
            await ResidentSteps.AssertProfileAsync(journey, persona);
            await Expect(page.Locator("#self-checkin-form")).ToBeVisibleAsync();
        });

        await journey.StepAsync("self-checked-in", async () =>
        {
            await page.GetByLabel("Venue", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Anchorvale Community Club (simulated)" });
            await page.GetByLabel("Mobile number").FillAsync("9123 4567");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send to SafeEntry" }).ClickAsync();
            await Expect(page.Locator(".kiosk-done__action")).ToHaveTextAsync("Checked in");
            await Expect(page.Locator(".kiosk-done__id")).ToContainTextAsync("*****" + persona.Uinfin[^4..]);
            await Expect(page.Locator(".kiosk-done__facts")).ToContainTextAsync("Anchorvale Community Club");
            await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync("Accepted by SafeEntry", new() { Timeout = 20_000 });
        });

        Assert.DoesNotContain(persona.Uinfin, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResidentWhoDeniesConsentGetsAFriendlyPageAndCanTryAgain()
    {
        await using var journey = await Journey.StartAsync(browser, "resident-deny", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;

        await ResidentSteps.StartAtHomeAsync(journey);
        await ResidentSteps.OpenSimulatorPersonaPickerAsync(journey);
        await ResidentSteps.PickSimulatorPersonaAsync(journey, ResidentSteps.Aisyah);
        await journey.StepAsync("denied", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Do not share" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You did not share your Myinfo data");
            await Expect(page.GetByText("Nothing was retrieved and nothing was stored")).ToBeVisibleAsync();
        });

        Assert.DoesNotContain(ResidentSteps.Aisyah.Name, await page.ContentAsync(), StringComparison.Ordinal);

        await journey.StepAsync("try-again", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(SimulatorAuthorise());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Who is signing in?" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task WithScriptsOffTheCallbackLinkCompletesTheJourney()
    {
        await using var journey = await Journey.StartAsync(browser, "resident-noscript", portal.BaseUrl, Viewport.Desktop, javaScriptEnabled: false, output: output);
        var page = journey.Page;
        var persona = ResidentSteps.Aisyah;

        await ResidentSteps.StartAtHomeAsync(journey);
        await ResidentSteps.OpenSimulatorPersonaPickerAsync(journey);
        await ResidentSteps.PickSimulatorPersonaAsync(journey, persona);
        await journey.StepAsync("callback-waits", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/callback\\?"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Retrieving your Myinfo profile");
        });

        // Without script nothing moves on by itself: the page stays until the link is followed.
        await page.WaitForTimeoutAsync(1_000);
        Assert.Contains("/callback?", page.Url, StringComparison.Ordinal);

        await journey.StepAsync("profile", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
            await ResidentSteps.AssertProfileAsync(journey, persona);
        });

        await ResidentSteps.RevealAndSignOutAsync(journey, persona);
    }

    [GeneratedRegex("/sim/myinfo/v3/authorise")]
    private static partial Regex SimulatorAuthorise();
}
