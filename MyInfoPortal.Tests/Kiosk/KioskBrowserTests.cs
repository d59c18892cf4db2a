using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Browser;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>
/// The kiosk's scripts in a real browser: a scanner's ID-then-Enter moves on to the mobile number, the
/// check-out suggestion, the confirmation that resets itself, and the log that follows statuses live.
/// Every step is checked by the shared harness (axe, CSP, screen width) and screenshotted.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class KioskBrowserTests(BrowserFixture browser, StaffPortalFixture portal, ITestOutputHelper output) : IClassFixture<StaffPortalFixture>
{
    [Fact]
    public async Task AScannerChecksAVisitorInAndTheKioskSuggestsCheckOutNextTime()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-scanner", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;
        await SignInAndSetUpAsync(journey, "Anchorvale Community Club (simulated)");

        await journey.StepAsync("scan-id", async () =>
        {
            await Expect(page.Locator("#Sub")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("s9960846c");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#MobileNo")).ToBeFocusedAsync();
            Assert.EndsWith("/kiosk", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("#kiosk-submit")).ToHaveTextAsync("Check in");
        });

        await journey.StepAsync("confirmation", async () =>
        {
            await page.Keyboard.TypeAsync("9237 6345");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(new Regex("/kiosk/done/"));
            await Expect(page.Locator(".kiosk-done__action")).ToHaveTextAsync("Checked in");
            await Expect(page.Locator(".kiosk-done__id")).ToContainTextAsync("*****846C");
            await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync("Accepted by SafeEntry");
            await Expect(page.Locator("#kiosk-correct")).ToBeHiddenAsync();
            await Expect(page.Locator("#kiosk-next")).ToBeFocusedAsync();
            await Expect(page.Locator("#kiosk-countdown")).ToContainTextAsync("Next visitor in");
        });

        await journey.StepAsync("reset-for-next-visitor", async () =>
        {
            await page.WaitForURLAsync(new Regex("/kiosk$"), new() { Timeout = 10_000 });
            await Expect(page.Locator("#Sub")).ToHaveValueAsync(string.Empty);
            await Expect(page.Locator("#Sub")).ToBeFocusedAsync();
        });

        await journey.StepAsync("suggest-check-out", async () =>
        {
            await page.Keyboard.TypeAsync("S9960846C");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#kiosk-suggestion")).ToContainTextAsync("so check-out is selected");
            await Expect(page.Locator("input[name=ActionType][value=checkout]")).ToBeCheckedAsync();
            await Expect(page.Locator("#kiosk-submit")).ToHaveTextAsync("Check out");
        });

        await journey.StepAsync("checked-out", async () =>
        {
            await page.Keyboard.TypeAsync("92376345");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(new Regex("/kiosk/done/"));
            await Expect(page.Locator(".kiosk-done__action")).ToHaveTextAsync("Checked out");
            await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync("Accepted by SafeEntry");
        });
    }

    [Fact]
    public async Task TheKioskWorksWithKeyboardAloneAndShowsFieldMessages()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-keyboard", portal.BaseUrl, Viewport.Phone, output: output);
        var page = journey.Page;
        await SignInAndSetUpAsync(journey, "Maxwell Food Centre (simulated)");

        await journey.StepAsync("field-messages", async () =>
        {
            await page.Locator("#Sub").FillAsync("S1234567A");
            await page.Locator("#MobileNo").FillAsync("6123 4567");
            await page.Locator("#MobileNo").PressAsync("Enter");
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Expect(page.Locator("#Sub-error")).ToContainTextAsync("last letter does not match");
            await Expect(page.Locator("#MobileNo-error")).ToContainTextAsync("8 digits");
            await Expect(page.Locator("#Sub")).ToBeFocusedAsync();
        });

        await journey.StepAsync("tab-through", async () =>
        {
            // From the ID field the next Tab stops are the mobile number, the staff override and the submit button.
            await page.Locator("#Sub").FillAsync("T0412876H");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator("#MobileNo")).ToBeFocusedAsync();
            await page.Locator("#MobileNo").FillAsync("98760543");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator("#kiosk-submit")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(new Regex("/kiosk/done/"));
            await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync("Accepted by SafeEntry");
        });
    }

    [Fact]
    public async Task TheLogShowsAPendingSubmissionBecomeAcceptedWithoutAReload()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-log-live", portal.BaseUrl, Viewport.Desktop, output: output);
        var page = journey.Page;
        await SignInAndSetUpAsync(journey, "Self-test mall (multi-tenant), tenant VENUE1");
        // A 500 is a definite "not now": the submission stays Pending and is retried with backoff ("Down"
        // drops the connection after the request arrived, which is an unconfirmed delivery instead).
        await SetGatewayAsync(page, "Error");

        await journey.StepAsync("saved-while-gateway-down", async () =>
        {
            await page.GotoAsync("/kiosk");
            await page.Locator("#Sub").FillAsync("G1234567X");
            await page.Locator("#MobileNo").FillAsync("81234567");
            await page.Locator("#kiosk-submit").ClickAsync();
            await page.WaitForURLAsync(new Regex("/kiosk/done/"));
            await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync(new Regex("Saved"));
        });

        await journey.StepAsync("log-pending", async () =>
        {
            await page.GotoAsync("/kiosk/log");
            var row = page.Locator(".log-table tbody tr", new() { HasText = "*****567X" }).First;
            await Expect(row.Locator("[data-role=chip]")).ToHaveTextAsync("Pending");
            await Expect(row.Locator("[data-role=reason]")).ToContainTextAsync("unavailable (HTTP 500)");
        });

        var marker = await page.EvaluateAsync<string>("() => (window.__sameDocument = Math.random().toString())");
        using (var gateway = await NewGatewayPageAsync(journey))
        {
            await SetGatewayAsync(gateway.Page, "None");
        }

        await journey.StepAsync("log-accepted-live", async () =>
        {
            var row = page.Locator(".log-table tbody tr", new() { HasText = "*****567X" }).First;
            await Expect(row.Locator("[data-role=chip]")).ToHaveTextAsync("Accepted", new() { Timeout = 30_000 });
            Assert.Equal(marker, await page.EvaluateAsync<string>("() => window.__sameDocument"));
        });
    }

    [Theory]
    [InlineData("/kiosk/setup")]
    [InlineData("/kiosk/venues")]
    [InlineData("/kiosk/log")]
    [InlineData("/staff/diagnostics")]
    public async Task StaffPagesAreAccessibleAndFitAPhone(string path)
    {
        await using var journey = await Journey.StartAsync(browser, "staff-page" + path.Replace('/', '-'), portal.BaseUrl, Viewport.Phone, output: output);
        await SignInAsync(journey);

        await journey.StepAsync(path.Trim('/').Replace('/', '-'), async () =>
        {
            var response = await journey.Page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
        });
    }

    private async Task SignInAsync(Journey journey)
    {
        var page = journey.Page;
        await journey.StepAsync("sign-in", async () =>
        {
            await page.GotoAsync("/staff/login");
            await page.Locator("#Username").FillAsync(StaffPortalFixture.StaffUser);
            await page.Locator("#Password").FillAsync(portal.StaffPassword);
            await page.Locator("#Password").PressAsync("Enter");
            await page.WaitForURLAsync(new Regex("/kiosk"));
        });
    }

    private async Task SignInAndSetUpAsync(Journey journey, string venueButton)
    {
        await SignInAsync(journey);
        var page = journey.Page;
        await journey.StepAsync("set-up", async () =>
        {
            await page.GotoAsync("/kiosk/setup");
            await page.GetByRole(AriaRole.Button, new() { Name = venueButton }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/kiosk$"));
            await Expect(page.Locator(".kiosk__venue")).ToContainTextAsync(venueButton.Split(',')[0]);
        });
    }

    private static async Task SetGatewayAsync(IPage page, string fault)
    {
        await page.GotoAsync("/sim/safeentry");
        await page.Locator($"input[name=Fault][value={fault}]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.GetByTestId("gateway-fault")).ToHaveTextAsync(fault);
    }

    /// <summary>A second tab of the signed-in staff browser: the gateway's control page needs a staff session.</summary>
    private static async Task<GatewayTab> NewGatewayPageAsync(Journey journey) => new(await journey.Context.NewPageAsync());

    private sealed record GatewayTab(IPage Page) : IDisposable
    {
        public void Dispose() => Page.CloseAsync().GetAwaiter().GetResult();
    }
}
