using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// MockPass 4.3.4 with its login page (SHOW_LOGIN_PAGE=true) in Test-environment mode, and the portal on
/// Kestrel in MockPass mode pointed at it.
/// </summary>
public sealed class MockPassPortalFixture : PortalFixture
{
    private readonly TempFolder _keys = new("mip-browser-keys");
    private MockPassProcess? _mockPass;
    private DevelopmentCertificates.Pair? _ours;

    public MockPassProcess MockPass => _mockPass ?? throw new InvalidOperationException("MockPass has not started.");

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        var myInfo = MockPass.MyInfoBase;
        settings["MyInfo:Mode"] = "MockPass";
        settings["MyInfo:AuthoriseUrl"] = myInfo + "/authorise";
        settings["MyInfo:TokenUrl"] = myInfo + "/token";
        settings["MyInfo:PersonUrl"] = myInfo + "/person";
        settings["MyInfo:ClientId"] = "MYINFOPORTAL-BROWSER";
        settings["MyInfo:ClientSecret"] = MockPassProcess.Secret;
        settings["MyInfo:ClientPrivateKeyPath"] = _ours!.KeyPath;
        settings["MyInfo:ClientCertificatePath"] = _ours.CertificatePath;
        settings["MyInfo:MyInfoCertificatePath"] = MockPassProcess.SigningCertificatePath;
        settings["MyInfo:TokenIssuer"] = MockPass.BaseUrl + "/consent/oauth2/consent/myinfo-com";
        settings["MyInfo:TokenAudience"] = "myinfo";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        _ours = DevelopmentCertificates.Ensure(_keys.Path, "portal-browser", "MyInfoPortal browser tests", TimeProvider.System);
        _mockPass = await MockPassProcess.StartAsync(_ours.CertificatePath, showLoginPage: true);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_mockPass is not null)
        {
            await _mockPass.DisposeAsync();
            _mockPass = null;
        }

        _keys.Dispose();
    }
}

/// <summary>The resident journey against an independent Myinfo: MockPass's own login and consent pages.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class MockPassJourneyTests(BrowserFixture browser, MockPassPortalFixture portal, ITestOutputHelper output) : IClassFixture<MockPassPortalFixture>
{
    /// <summary>A MockPass v3 persona with an SG address (block, building, floor and unit).</summary>
    private static readonly Persona TanHengHuat = new(
        "S9812381D", "TAN HENG HUAT",
        ["BLK 102 PEARL GARDEN", "#09-128 BEDOK NORTH AVENUE 4", "SINGAPORE 460102"]);

    [Fact]
    public async Task ResidentPicksAMockPassPersonaAndSeesTheirProfile()
    {
        await using var journey = await Journey.StartAsync(browser, "mockpass", portal.BaseUrl, Viewport.Desktop, output: output);
        var page = journey.Page;
        var persona = TanHengHuat;

        await ResidentSteps.StartAtHomeAsync(journey);
        await Expect(page.GetByTestId("environment-banner")).ToContainTextAsync("Myinfo: MockPass");

        // MockPass's pages are not ours: they are checked for what they do, not for their accessibility.
        await journey.StepAsync("mockpass-login", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Retrieve Myinfo" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + portal.MockPass.BaseUrl + "/singpass/authorize"));
            await Expect(page.Locator("#id-input")).ToBeAttachedAsync();
        }, checkAccessibility: false);

        await journey.StepAsync("mockpass-consent", async () =>
        {
            // Its Login button opens the persona list; choosing one takes the browser on to the consent form.
            await page.Locator("button.btn-login:visible, #loginModelbtn:visible").First.ClickAsync();
            await Expect(page.Locator("#id-input")).ToBeVisibleAsync();
            await page.Locator("#id-input").FillAsync(persona.Uinfin + " [MyInfo]");
            await Expect(page).ToHaveTitleAsync("MyInfo - Consent to giving details");
            await Expect(page.Locator("body")).ToContainTextAsync(persona.Uinfin);
        }, checkAccessibility: false);

        await journey.StepAsync("profile", async () =>
        {
            await page.Locator("input[type=submit]").ClickAsync();
            await ResidentSteps.AssertProfileAsync(journey, persona);
        });

        Assert.Contains(journey.Navigations, url => url.StartsWith(portal.BaseUrl + "/callback?", StringComparison.Ordinal));
        await ResidentSteps.RevealAndSignOutAsync(journey, persona);
    }
}
