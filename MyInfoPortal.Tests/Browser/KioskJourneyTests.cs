using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>Venue staff and their visitors at the SafeEntry kiosk, on a tablet in portrait.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class KioskJourneyTests(BrowserFixture browser, StaffPortalFixture portal, ITestOutputHelper output) : IClassFixture<StaffPortalFixture>
{
    private const string Venue = StaffSteps.VenueName;

    [Fact]
    public async Task StaffChecksAVisitorInAndOutAndTheLogShowsBothAccepted()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-in-out", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;
        const string visitor = "S1234567D";

        await StaffSteps.SignInAsync(journey, portal);
        await StaffSteps.SetUpKioskAsync(journey);

        await journey.StepAsync("check-in-confirmation", async () =>
        {
            await KioskSteps.SubmitAsync(page, visitor, "9123 4567");
            await KioskSteps.AssertConfirmationAsync(page, "Checked in", visitor, Venue);
        });
        DocsScreenshots.Publish(journey, "confirmation");

        await journey.StepAsync("form-reset", () => KioskSteps.AssertResetAsync(page, portal.BaseUrl));
        DocsScreenshots.Publish(journey, "kiosk");

        await journey.StepAsync("check-out-confirmation", async () =>
        {
            await KioskSteps.SubmitAsync(page, visitor, "+65 9123 4567", checkOut: true);
            await KioskSteps.AssertConfirmationAsync(page, "Checked out", visitor, Venue);
        });

        await journey.StepAsync("log", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "See it in the log" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check-in log", Level = 1 })).ToBeVisibleAsync();
            var rows = KioskSteps.LogRows(page, visitor);
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Filter(new() { HasTextString = "Check-in" })).ToHaveCountAsync(1);
            await Expect(rows.Filter(new() { HasTextString = "Check-out" })).ToHaveCountAsync(1);
            foreach (var row in await rows.AllAsync())
            {
                await Expect(row.Locator(".status")).ToHaveTextAsync("Accepted");
                await Expect(row.Locator(".status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status--accepted"));
                await Expect(row).ToContainTextAsync(Venue);
                await Expect(row).ToContainTextAsync("****4567");
            }
        });
        DocsScreenshots.Publish(journey, "log-tablet");
    }

    [Fact]
    public async Task InvalidNricAndMobileAreMarkedOnTheirFieldsAndNothingIsSubmitted()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-invalid", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;

        await StaffSteps.SignInAsync(journey, portal);
        await StaffSteps.SetUpKioskAsync(journey);
        var totalBefore = await KioskSteps.LogTotalAsync(page);
        await page.GotoAsync("/kiosk");

        await journey.StepAsync("field-errors", async () =>
        {
            await KioskSteps.SubmitAsync(page, "S1234567A", "1234 567");
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Expect(page.Locator("#Sub-error")).ToContainTextAsync("not valid");
            await Expect(page.Locator("#MobileNo-error")).ToContainTextAsync("Singapore mobile number");
            await Expect(KioskSteps.IdField(page)).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(KioskSteps.MobileField(page)).ToHaveAttributeAsync("aria-invalid", "true");
            // What the visitor typed stays for correction.
            await Expect(KioskSteps.IdField(page)).ToHaveValueAsync("S1234567A");
        });

        await journey.StepAsync("summary-link-focuses-field", async () =>
        {
            await page.Locator("#error-summary a[href='#MobileNo']").ClickAsync();
            await Expect(KioskSteps.MobileField(page)).ToBeFocusedAsync();
        });

        Assert.Equal(totalBefore, await KioskSteps.LogTotalAsync(page));
        await Expect(KioskSteps.LogRows(page, "S1234567A")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SubmissionDuringAGatewayOutageIsHeldThenAcceptedWithoutReloadingTheLog()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-outage", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;
        const string visitor = "T1234567J";

        await StaffSteps.SignInAsync(journey, portal);
        await StaffSteps.SetUpKioskAsync(journey);
        var gateway = await journey.Context.NewPageAsync();
        try
        {
            // A 500 keeps the submission Pending with backoff ("Down" would leave it delivery-unconfirmed).
            await journey.StepAsync("gateway-down", () => SetGatewayAsync(gateway, "error", "Error"), on: gateway);

            await journey.StepAsync("saved-pending", async () =>
            {
                await KioskSteps.SubmitAsync(page, visitor, "8123 4567");
                await KioskSteps.AssertConfirmationAsync(page, "Checked in", visitor, Venue, "Saved, sending\u2026");
                await Expect(page.Locator("#kiosk-status-chip")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status--pending"));
            });

            var row = KioskSteps.LogRows(page, visitor);
            await journey.StepAsync("log-pending", async () =>
            {
                await page.GotoAsync("/kiosk/log");
                await Expect(row.Locator(".status")).ToHaveTextAsync("Pending");
                await Expect(row).ToContainTextAsync("Saved, retrying");
            });

            // A marker that only survives if the log page is never reloaded.
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");
            var navigationsBefore = journey.Navigations.Count;

            await journey.StepAsync("gateway-up", () => SetGatewayAsync(gateway, "none", "None"), on: gateway);

            await journey.StepAsync("log-accepted-live", async () =>
            {
                await Expect(row.Locator(".status")).ToHaveTextAsync("Accepted", new() { Timeout = 30_000 });
                await Expect(row.Locator(".status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status--accepted"));
                Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the log page was reloaded");
                Assert.Equal(navigationsBefore, journey.Navigations.Count);
            });

            await journey.StepAsync("gateway-received", async () =>
            {
                await gateway.ReloadAsync();
                await Expect(gateway.GetByTestId("received")).ToContainTextAsync(KioskSteps.Masked(visitor));
            }, on: gateway);
        }
        finally
        {
            await SetGatewayAsync(gateway, "none", "None");
        }
    }

    [Fact]
    public async Task KioskJourneyWorksWithTheKeyboardAlone()
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-keyboard", portal.BaseUrl, Viewport.Tablet, output: output);
        var page = journey.Page;
        var keys = page.Keyboard;
        const string visitor = "G1234567X";

        await journey.StepAsync("sign-in-by-keyboard", async () =>
        {
            await journey.GotoAsync("/staff/login?ReturnUrl=%2Fkiosk%2Fsetup");
            await Expect(page.GetByLabel("Username")).ToBeFocusedAsync();
            await keys.TypeAsync(StaffPortalFixture.StaffUser);
            await keys.PressAsync("Tab");
            await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
            await keys.TypeAsync(portal.StaffPassword);
            await keys.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kiosk set-up", Level = 1 })).ToBeVisibleAsync();
        });

        await journey.StepAsync("setup-by-keyboard", async () =>
        {
            await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = Venue }));
            await AssertFocusVisibleAsync(page);
            await keys.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(portal.BaseUrl + "/kiosk");
            await Expect(KioskSteps.IdField(page)).ToBeFocusedAsync();
        });

        await journey.StepAsync("check-in-by-keyboard", async () =>
        {
            await keys.TypeAsync(visitor.ToLowerInvariant());
            await keys.PressAsync("Enter");
            await Expect(KioskSteps.MobileField(page)).ToBeFocusedAsync();
            await AssertFocusVisibleAsync(page);
            await keys.TypeAsync("98765432");
            await keys.PressAsync("Enter");
            await KioskSteps.AssertConfirmationAsync(page, "Checked in", visitor, Venue);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next visitor" })).ToBeFocusedAsync();
        });

        await journey.StepAsync("next-visitor-by-keyboard", async () =>
        {
            await keys.PressAsync("Enter");
            await KioskSteps.AssertResetAsync(page, portal.BaseUrl);
        });

        await journey.StepAsync("check-out-by-keyboard", async () =>
        {
            // The same person again: the kiosk itself proposes check-out, and Enter accepts it.
            await keys.TypeAsync(visitor);
            await keys.PressAsync("Enter");
            await Expect(KioskSteps.MobileField(page)).ToBeFocusedAsync();
            await Expect(page.Locator("input[name=ActionType][value=checkout]")).ToBeCheckedAsync();
            await keys.TypeAsync("98765432");
            await keys.PressAsync("Enter");
            await KioskSteps.AssertConfirmationAsync(page, "Checked out", visitor, Venue);
        });

        await journey.StepAsync("log-by-keyboard", async () =>
        {
            await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "See it in the log" }));
            await keys.PressAsync("Enter");
            var rows = KioskSteps.LogRows(page, visitor);
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Locator(".status").First).ToHaveTextAsync("Accepted");
            await Expect(rows.Locator(".status").Last).ToHaveTextAsync("Accepted");
        });
    }

    [Theory]
    [InlineData("phone", "S9812381D")]
    [InlineData("desktop", "S9960846C")]
    public async Task KioskConfirmationAndLogFitPhoneAndDesktopScreens(string viewport, string visitor)
    {
        await using var journey = await Journey.StartAsync(browser, "kiosk-" + viewport, portal.BaseUrl, Viewport.ByName(viewport), output: output);
        var page = journey.Page;

        await StaffSteps.SignInAsync(journey, portal);
        await StaffSteps.SetUpKioskAsync(journey);
        await journey.StepAsync("confirmation", async () =>
        {
            await KioskSteps.SubmitAsync(page, visitor, "8765 4321");
            await KioskSteps.AssertConfirmationAsync(page, "Checked in", visitor, Venue);
        });

        await journey.StepAsync("log", async () =>
        {
            await page.GotoAsync("/kiosk/log");
            var row = KioskSteps.LogRows(page, visitor);
            await Expect(row.Locator(".status")).ToHaveTextAsync("Accepted");
            var box = await row.BoundingBoxAsync();
            Assert.True(box!.X >= 0 && box.X + box.Width <= journey.Viewport.Width, "the log row runs off the screen");
        });
        if (viewport == "desktop")
        {
            DocsScreenshots.Publish(journey, "log");
        }
    }

    private static async Task SetGatewayAsync(IPage gateway, string fault, string shown)
    {
        await gateway.GotoAsync("/sim/safeentry");
        await gateway.Locator("#fault-" + fault).CheckAsync();
        await gateway.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(gateway.GetByTestId("gateway-fault")).ToHaveTextAsync(shown);
    }

    /// <summary>Presses Tab until the element has focus (the way a keyboard user gets there), or fails.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, int limit = 60)
    {
        for (var i = 0; i < limit; i++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(target).ToBeFocusedAsync(new() { Timeout = 1 });
    }

    /// <summary>The focused element shows it: an outline or a focus shadow.</summary>
    private static async Task AssertFocusVisibleAsync(IPage page)
    {
        var visible = await page.EvaluateAsync<bool>(
            """
            () => {
                const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
            }
            """);
        Assert.True(visible, "the focused element has no visible focus indicator");
    }
}
