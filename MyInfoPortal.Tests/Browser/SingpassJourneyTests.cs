using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// Residents signing in through Singpass FAPI 2.0 (the embedded simulator, the portal's default in
/// Simulator mode): home, the simulator's persona and consent pages, the profile. Every step is checked
/// with axe-core, for overflow and for CSP violations, and screenshotted; the desktop run publishes the
/// README's Singpass screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed partial class SingpassJourneyTests(BrowserFixture browser, PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task ResidentSignsInWithSingpassAndSeesTheProfileWithAMaskedNric(string viewport)
    {
        await using var journey = await Journey.StartAsync(browser, "singpass-" + viewport, portal.BaseUrl, Viewport.ByName(viewport), output: output);
        var page = journey.Page;
        var persona = ResidentSteps.Aisyah;
        var publish = viewport == "desktop";

        await journey.StepAsync("home", async () =>
        {
            await journey.GotoAsync("/");
            var providers = page.Locator(".hero__actions a.button");
            await Expect(providers).ToHaveCountAsync(2);

            // FAPI is the current protocol: it comes first.
            await Expect(providers.First).ToHaveAccessibleNameAsync("Sign in with Singpass");
            await Expect(providers.Nth(1)).ToHaveAccessibleNameAsync("Retrieve Myinfo");
            await Expect(providers.First).ToBeVisibleAsync();
        });
        Publish(journey, publish, "singpass-home");

        await journey.StepAsync("persona", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Singpass" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(SimulatorAuthorization());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Who is logging in with Singpass?");
            var button = page.GetByRole(AriaRole.Button, new() { Name = persona.Name });
            await Expect(button).ToBeVisibleAsync();

            // The picker shows each ID masked, as the rest of the portal does.
            await Expect(button).ToContainTextAsync("*****" + persona.Uinfin[^4..]);
            await Expect(button).Not.ToContainTextAsync(persona.Uinfin);
        });
        Publish(journey, publish, "singpass-persona");

        await journey.StepAsync("consent", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = persona.Name }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Share your Myinfo data");
            await Expect(page.Locator(".sim-signed-in")).ToContainTextAsync(persona.Name);
            await Expect(page.Locator(".sim-signed-in")).ToContainTextAsync("*****" + persona.Uinfin[^4..]);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "I agree" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Do not share" })).ToBeVisibleAsync();
            await AssertRowsHoldTheirContentAsync(page, ".sim-attributes li");
        });
        Publish(journey, publish, "singpass-consent");

        await journey.StepAsync("profile", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).ClickAsync();
            await ResidentSteps.AssertProfileAsync(journey, persona);
            await Expect(page.GetByTestId("resident-provider")).ToHaveTextAsync("Singpass");
        });
        Publish(journey, publish, "singpass-profile");

        // The browser went through the Singpass simulator, never the Myinfo v3 one.
        Assert.Contains(journey.Navigations, url => url.Contains("/sim/singpass/fapi/auth?", StringComparison.Ordinal));
        Assert.DoesNotContain(journey.Navigations, url => url.Contains("/sim/myinfo/", StringComparison.Ordinal));

        await ResidentSteps.RevealAndSignOutAsync(journey, persona);
    }

    /// <summary>
    /// Nothing in a row sticks out past the row's own edge: the page-width check cannot see a label
    /// that overflows its box but stays on the screen.
    /// </summary>
    private static async Task AssertRowsHoldTheirContentAsync(IPage page, string rows)
    {
        var escaping = await page.EvaluateAsync<string[]>(
            """
            rows => [...document.querySelectorAll(rows)].flatMap(row => {
                const box = row.getBoundingClientRect();
                return [...row.querySelectorAll('*')]
                    .filter(e => { const r = e.getBoundingClientRect(); return r.right > box.right + 0.5 || r.left < box.left - 0.5; })
                    .map(e => e.tagName.toLowerCase() + ' "' + e.textContent.trim() + '"');
            })
            """,
            rows);
        Assert.True(escaping.Length == 0, $"content overflows its row in '{rows}': {string.Join(", ", escaping)}");
    }

    private static void Publish(Journey journey, bool publish, string name)
    {
        if (publish)
        {
            DocsScreenshots.Publish(journey, name);
        }
    }

    [GeneratedRegex("/sim/singpass/fapi/auth\\?.*request_uri=")]
    private static partial Regex SimulatorAuthorization();
}
