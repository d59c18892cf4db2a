using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>A visitor at the kiosk, and what staff read in the log.</summary>
public static class KioskSteps
{
    public const string Accepted = "Accepted by SafeEntry";

    public static ILocator IdField(IPage page) => page.GetByLabel("ID number");

    public static ILocator MobileField(IPage page) => page.GetByLabel("Mobile number");

    /// <summary>Types the ID as a scanner would (ending with Enter), then the mobile number, then submits.</summary>
    public static async Task SubmitAsync(IPage page, string id, string mobile, bool checkOut = false)
    {
        if (checkOut)
        {
            await page.Locator("label.kiosk-choice__option--checkout").ClickAsync();
        }

        await IdField(page).FillAsync(id);
        await IdField(page).PressAsync("Enter");
        await Expect(MobileField(page)).ToBeFocusedAsync();
        await MobileField(page).FillAsync(mobile);
        await page.Locator("#kiosk-submit").ClickAsync();
    }

    /// <summary>The large confirmation: action, masked ID, venue, and where SafeEntry has got to.</summary>
    public static async Task AssertConfirmationAsync(IPage page, string action, string id, string venueName, string status = Accepted)
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/kiosk/done/"));
        await Expect(page.Locator(".kiosk-done__action")).ToHaveTextAsync(action);
        await Expect(page.Locator(".kiosk-done__id")).ToContainTextAsync(Masked(id));
        await Expect(page.Locator(".kiosk-done__facts")).ToContainTextAsync(venueName);
        await Expect(page.Locator("#kiosk-status-chip")).ToHaveTextAsync(status, new() { Timeout = 20_000 });
        Assert.DoesNotContain(id, await page.ContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>The kiosk is back to an empty form with the ID field ready for the next scan.</summary>
    public static async Task AssertResetAsync(IPage page, string baseUrl)
    {
        await Expect(page).ToHaveURLAsync(baseUrl + "/kiosk", new() { Timeout = 20_000 });
        await Expect(IdField(page)).ToHaveValueAsync(string.Empty);
        await Expect(MobileField(page)).ToHaveValueAsync(string.Empty);
        await Expect(IdField(page)).ToBeFocusedAsync();
    }

    /// <summary>The log rows for one visitor (masked ID), newest first.</summary>
    public static ILocator LogRows(IPage page, string id) =>
        page.Locator("#kiosk-log tbody tr").Filter(new() { Has = page.Locator("code", new() { HasTextString = Masked(id) }) });

    public static async Task<int> LogTotalAsync(IPage page)
    {
        await page.GotoAsync("/kiosk/log");
        var text = await page.Locator("[data-count=Total]").InnerTextAsync();
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    public static string Masked(string id) => "*****" + id[^4..];
}
