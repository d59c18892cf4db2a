using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The pages every visitor can reach (home, error pages) on a 360-px phone, a portrait tablet and a
/// desktop: readable, accessible, within the screen width, within the CSP.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed partial class DesignTests(BrowserFixture browser, PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("phone")]
    [InlineData("tablet")]
    [InlineData("desktop")]
    public async Task HomePageOffersTheRedRetrieveMyinfoCallToAction(string viewport)
    {
        await using var journey = await Journey.StartAsync(browser, "home-" + viewport, portal.BaseUrl, Viewport.ByName(viewport), output: output);
        var page = journey.Page;

        await journey.StepAsync("home", async () =>
        {
            var response = await journey.GotoAsync("/");
            Assert.Equal(200, response!.Status);
        });
        if (viewport == "desktop")
        {
            DocsScreenshots.Publish(journey, "home");
        }

        await Expect(page).ToHaveTitleAsync(new Regex("MyInfoPortal"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "MyInfoPortal" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("verified details");
        await Expect(page.GetByTestId("environment-banner")).ToContainTextAsync("Myinfo: Simulator");
        await Expect(page.GetByTestId("signed-in-state")).ToHaveTextAsync("Staff sign-in");

        var cta = page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" });
        await Expect(cta).ToBeVisibleAsync();
        await Expect(cta).ToHaveAttributeAsync("href", "/login");
        var (red, green, blue) = await BackgroundAsync(cta);
        Assert.True(red > 150 && green < 60 && blue < 80, $"the call to action should be red, was rgb({red}, {green}, {blue})");
        var box = await cta.BoundingBoxAsync();
        Assert.True(box!.Height >= 44, $"the call to action is {box.Height}px high; touch targets need 44px");
        Assert.True(box.X + box.Width <= journey.Viewport.Width, "the call to action is cut off");

        var requested = page.GetByTestId("requested-attributes");
        await Expect(requested).ToContainTextAsync("NRIC or FIN");
        await Expect(requested).ToContainTextAsync("Registered address");
        await Expect(page.GetByText("to show you your Myinfo profile")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("desktop")]
    public async Task UnknownPageShowsTheDesignedNotFoundPageWithRequestIdAndWayBack(string viewport)
    {
        await using var journey = await Journey.StartAsync(browser, "error-404-" + viewport, portal.BaseUrl, Viewport.ByName(viewport), output: output);
        var page = journey.Page;

        await journey.StepAsync("not-found", async () =>
        {
            var response = await journey.GotoAsync("/no/such/page");
            Assert.Equal(404, response!.Status);
            Assert.Equal("no-store", response.Headers["cache-control"]);
        });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "MyInfoPortal" })).ToBeVisibleAsync();
        var requestId = (await page.GetByTestId("request-id").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-Za-z:._-]{8,}$", requestId);

        await journey.StepAsync("back-home", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to the home page" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(portal.BaseUrl + "/");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" })).ToBeVisibleAsync();
        });
    }

    [Theory]
    [InlineData(500, "Something went wrong on our side")]
    [InlineData(503, "A service we depend on is not answering")]
    [InlineData(403, "You do not have access to this page")]
    public async Task ErrorPagesShareTheDesignAndNeverShowInternals(int status, string title)
    {
        await using var journey = await Journey.StartAsync(browser, "error-" + status.ToString(CultureInfo.InvariantCulture), portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;

        await journey.StepAsync("error", async () =>
        {
            var response = await journey.GotoAsync("/error/" + status.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(status, response!.Status);
        });

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.GetByTestId("request-id")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("error-home")).ToHaveAttributeAsync("href", "/");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyboardUserCanSkipToContentAndReachTheCallToAction()
    {
        await using var journey = await Journey.StartAsync(browser, "home-keyboard", portal.BaseUrl, Viewport.Desktop, output: output);
        var page = journey.Page;
        await journey.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        await journey.StepAsync("skip-link-focused", () => Task.CompletedTask);

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        var cta = page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" });
        for (var i = 0; i < 10 && !await cta.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(cta).ToBeFocusedAsync();
        var outline = await cta.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        Assert.Equal("solid", outline);
        await journey.StepAsync("cta-focused", () => Task.CompletedTask);
    }

    [Fact]
    public async Task FaviconAndStylesheetAreServedLocally()
    {
        await using var journey = await Journey.StartAsync(browser, "assets", portal.BaseUrl, output: output);
        var requested = new List<string>();
        journey.Page.Request += (_, request) => requested.Add(request.Url);

        await journey.GotoAsync("/");
        var favicon = await journey.Page.APIRequest.GetAsync("/favicon.svg");

        Assert.Equal(200, favicon.Status);
        Assert.StartsWith("image/svg+xml", favicon.Headers["content-type"], StringComparison.Ordinal);
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.StartsWith(portal.BaseUrl + "/", url, StringComparison.Ordinal));
    }

    private static async Task<(int Red, int Green, int Blue)> BackgroundAsync(ILocator element)
    {
        var colour = await element.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var match = RgbPattern().Match(colour);
        Assert.True(match.Success, "unexpected colour " + colour);
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"rgba?\((\d+),\s*(\d+),\s*(\d+)")]
    private static partial Regex RgbPattern();
}
