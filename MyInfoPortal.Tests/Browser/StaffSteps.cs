using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>What venue staff do before the visitors come: sign in, set up the kiosk.</summary>
public static class StaffSteps
{
    public const string VenueName = "Maxwell Food Centre (simulated)";

    public static async Task SignInAsync(Journey journey, StaffPortalFixture portal, string landing = "/kiosk")
    {
        var page = journey.Page;
        await journey.StepAsync("staff-sign-in", async () =>
        {
            await journey.GotoAsync(landing);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff/login"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Staff sign-in" })).ToBeVisibleAsync();
        });

        await journey.StepAsync("staff-signed-in", async () =>
        {
            await page.GetByLabel("Username").FillAsync(StaffPortalFixture.StaffUser);
            await page.GetByLabel("Password").FillAsync(portal.StaffPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByTestId("signed-in-state")).ToContainTextAsync(StaffPortalFixture.StaffUser);
        });
    }

    /// <summary>Sets this browser up as the kiosk of a venue the gateway simulator knows.</summary>
    public static async Task SetUpKioskAsync(Journey journey, string venueName = VenueName)
    {
        var page = journey.Page;
        await journey.StepAsync("kiosk-setup", async () =>
        {
            await journey.GotoAsync("/kiosk/setup");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kiosk set-up", Level = 1 })).ToBeVisibleAsync();
        });

        await journey.StepAsync("kiosk-ready", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = venueName }).ClickAsync();
            await Expect(page).ToHaveURLAsync(journey.BaseUrl + "/kiosk");
            await Expect(page.Locator(".kiosk__venue-name")).ToContainTextAsync(venueName);
            await Expect(page.GetByLabel("ID number")).ToBeFocusedAsync();
        });
    }
}
