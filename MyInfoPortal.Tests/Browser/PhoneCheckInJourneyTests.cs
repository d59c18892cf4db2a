using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// A visitor's own phone (390 × 844, touch) from the venue poster's address to the pass at the door, through
/// the Singpass simulator; staff printing the posters. Every step is checked by axe-core, the CSP watch and
/// the fits-the-screen check, and screenshotted; the README's phone and poster pictures come from here.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed partial class PhoneCheckInJourneyTests(BrowserFixture browser, StaffPortalFixture portal, ITestOutputHelper output) : IClassFixture<StaffPortalFixture>
{
    private const string VenueId = "STG-180000001W-83339-HAWKERCENTRE-SE";
    private const string VenueName = StaffSteps.VenueName;

    /// <summary>A common phone: what a visitor at the door holds.</summary>
    private static readonly Viewport Phone = new("phone-390", 390, 844, IsMobile: true, HasTouch: true);

    [Fact]
    public async Task VisitorScansSignsInConfirmsAndShowsThePassThenChecksOutFromIt()
    {
        await using var journey = await Journey.StartAsync(browser, "phone-checkin", portal.BaseUrl, Phone, output: output);
        var page = journey.Page;
        var persona = ResidentSteps.Aisyah;

        await journey.StepAsync("venue", async () =>
        {
            await journey.GotoAsync("/checkin/" + VenueId);
            await Expect(page.GetByTestId("venue-name")).ToHaveTextAsync(VenueName);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Checking in" })).ToHaveAttributeAsync("aria-current", "true");
        });
        DocsScreenshots.Publish(journey, "phone-venue");

        await SignInWithSingpassAsync(journey, persona, "Check in with Singpass");

        await journey.StepAsync("confirm", async () =>
        {
            await Expect(page).ToHaveURLAsync(journey.BaseUrl + "/checkin/" + VenueId + "?action=checkin");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your details");
            await Expect(page.GetByTestId("masked-id")).ToHaveTextAsync("*****" + persona.Uinfin[^4..]);
            await EnsureMobileAsync(page);
        });
        DocsScreenshots.Publish(journey, "phone-confirm");
        Assert.DoesNotContain(persona.Uinfin, await page.ContentAsync(), StringComparison.Ordinal);

        await journey.StepAsync("pass", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Send to SafeEntry" }).TapAsync();
            await Expect(page).ToHaveURLAsync(journey.BaseUrl + "/checkin/pass");
            await AssertPassAsync(page, "Checked in", persona);
            await Expect(page.GetByTestId("pass-status")).ToHaveTextAsync("Accepted by SafeEntry");
            await Expect(page.GetByTestId("pass-privacy")).ToContainTextAsync("deleted from our server");
            // No profile is held any more: the header shows no resident session.
            await Expect(page.GetByTestId("resident-state")).ToHaveCountAsync(0);
        });
        DocsScreenshots.Publish(journey, "phone-pass");

        await journey.StepAsync("pass-again-later", async () =>
        {
            await journey.GotoAsync("/");
            await journey.GotoAsync("/checkin/pass");
            await AssertPassAsync(page, "Checked in", persona);
        });

        await journey.StepAsync("checked-out", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Check out now" }).TapAsync();
            await AssertPassAsync(page, "Checked out", persona);
            await Expect(page.GetByTestId("pass-status")).ToHaveTextAsync("Accepted by SafeEntry");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check out now" })).ToHaveCountAsync(0);
        });
        DocsScreenshots.Publish(journey, "phone-checked-out");

        // The same pass on a desktop screen: centred, nothing cut off.
        await journey.StepAsync("pass-desktop", async () =>
        {
            await page.SetViewportSizeAsync(Viewport.Desktop.Width, Viewport.Desktop.Height);
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Checked out");
            var box = await page.Locator("#pass").BoundingBoxAsync();
            Assert.True(box!.X > 0 && box.X + box.Width < Viewport.Desktop.Width, "the pass is not centred on a desktop screen");
        });
    }

    [Fact]
    public async Task AnUnknownVenueShowsAFriendlyPage()
    {
        await using var journey = await Journey.StartAsync(browser, "phone-unknown-venue", portal.BaseUrl, Phone, output: output);
        var page = journey.Page;

        await journey.StepAsync("unknown-venue", async () =>
        {
            var response = await journey.GotoAsync("/checkin/PROD-000000000X-000000-NOSUCHVENUE-SE");
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("We don't know this venue");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to the home page" })).ToBeVisibleAsync();
        });
        DocsScreenshots.Publish(journey, "phone-unknown-venue");
    }

    [Fact]
    public async Task DuringAGatewayOutageThePassSaysSendingThenAcceptedWithoutAReload()
    {
        await using var staff = await Journey.StartAsync(browser, "phone-outage-staff", portal.BaseUrl, Viewport.Desktop, output: output);
        await StaffSteps.SignInAsync(staff, portal);
        // The gateway answers 500: the entry was certainly not taken, so the outbox retries it after its short
        // backoff. ("Down" drops the connection after the request went out: that send is unconfirmed and is
        // repeated only after SafeEntry:UnconfirmedRetryDelay, minutes later.)
        await SetGatewayAsync(staff, "error", "Error");

        try
        {
            await using var journey = await Journey.StartAsync(browser, "phone-outage", portal.BaseUrl, Phone, output: output);
            var page = journey.Page;
            var persona = ResidentSteps.Aisyah;
            await journey.GotoAsync("/checkin/" + VenueId);
            await SignInWithSingpassAsync(journey, persona, "Check in with Singpass");
            await EnsureMobileAsync(page);

            await journey.StepAsync("pass-sending", async () =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Send to SafeEntry" }).TapAsync();
                await AssertPassAsync(page, "Checked in", persona);
                await Expect(page.GetByTestId("pass-status")).ToHaveTextAsync("Sending to SafeEntry\u2026");
                await Expect(page.Locator("#pass")).ToHaveAttributeAsync("data-status", "pending");
            });
            DocsScreenshots.Publish(journey, "phone-pass-sending");
            var loads = journey.Navigations.Count;
            var clockBefore = await page.GetByTestId("pass-clock").TextContentAsync();

            await SetGatewayAsync(staff, "none", "None");

            await journey.StepAsync("pass-accepted-without-reload", async () =>
            {
                await Expect(page.GetByTestId("pass-status")).ToHaveTextAsync("Accepted by SafeEntry", new() { Timeout = 30_000 });
                await Expect(page.Locator("#pass")).ToHaveAttributeAsync("data-status", "accepted");
                await Expect(page.GetByTestId("pass-clock")).Not.ToHaveTextAsync(clockBefore!);
                await Expect(page.GetByTestId("pass-clock")).ToHaveTextAsync(ClockPattern());
            });
            Assert.Equal(loads, journey.Navigations.Count);
        }
        finally
        {
            await SetGatewayAsync(staff, "none", "None");
        }
    }

    [Fact]
    public async Task StaffOpenAVenuePosterWithAScannableCodeAndPrintIt()
    {
        await using var journey = await Journey.StartAsync(browser, "poster", portal.BaseUrl, Viewport.Desktop, output: output);
        var page = journey.Page;
        await StaffSteps.SignInAsync(journey, portal, "/kiosk/posters");

        await journey.StepAsync("poster-list", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check-in posters", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open poster for Self-test mall (multi-tenant) · VENUE2" })).ToBeVisibleAsync();
        });

        await journey.StepAsync("poster", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Open poster for " + VenueName }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(VenueName);
            await Expect(page.GetByTestId("poster-url")).ToHaveTextAsync(portal.BaseUrl + "/checkin/" + VenueId);
            var qrWidth = await page.GetByTestId("poster-qr").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
            Assert.True(qrWidth > 0, "the QR code image did not load");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print poster" })).ToBeVisibleAsync();
        });
        DocsScreenshots.Publish(journey, "poster");

        await journey.StepAsync("poster-print", async () =>
        {
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Expect(page.Locator(".poster-tools")).ToBeHiddenAsync();
            await Expect(page.Locator(".site-header")).ToBeHiddenAsync();
            await Expect(page.GetByTestId("poster-qr")).ToBeVisibleAsync();
        });
        DocsScreenshots.Publish(journey, "poster-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
    }

    private static async Task SignInWithSingpassAsync(Journey journey, Persona persona, string button)
    {
        var page = journey.Page;
        await journey.StepAsync("singpass-persona", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = button }).TapAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Who is logging in with Singpass?");
        });

        await journey.StepAsync("singpass-consent", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = persona.Name }).TapAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "I agree" })).ToBeVisibleAsync();
        });

        await page.GetByRole(AriaRole.Button, new() { Name = "I agree" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your details");
    }

    /// <summary>The mobile number from Myinfo when the persona shares one, else typed in.</summary>
    private static async Task EnsureMobileAsync(IPage page)
    {
        var mobile = page.GetByLabel("Mobile number");
        if (string.IsNullOrEmpty(await mobile.InputValueAsync()))
        {
            await mobile.FillAsync("9123 4567");
        }
    }

    private static async Task AssertPassAsync(IPage page, string action, Persona persona)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(action);
        await Expect(page.GetByTestId("pass-venue")).ToHaveTextAsync(VenueName);
        await Expect(page.GetByTestId("pass-id")).ToHaveTextAsync("*****" + persona.Uinfin[^4..]);
        await Expect(page.GetByTestId("pass-time")).ToHaveTextAsync(new Regex(@"^\d{2}:\d{2}$"));
        await Expect(page.GetByTestId("pass-clock")).ToHaveTextAsync(ClockPattern());
        if (page.ViewportSize!.Width <= Phone.Width)
        {
            var box = await page.Locator("#pass").BoundingBoxAsync();
            Assert.True(box!.Width >= Phone.Width - 10, "the pass does not fill the phone's width");
        }
    }

    private static async Task SetGatewayAsync(Journey staff, string fault, string shown)
    {
        var gateway = staff.Page;
        await gateway.GotoAsync("/sim/safeentry");
        await gateway.Locator("#fault-" + fault).CheckAsync();
        await gateway.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(gateway.GetByTestId("gateway-fault")).ToHaveTextAsync(shown);
    }

    [GeneratedRegex(@"^\d{2}:\d{2}:\d{2}$")]
    private static partial Regex ClockPattern();
}
