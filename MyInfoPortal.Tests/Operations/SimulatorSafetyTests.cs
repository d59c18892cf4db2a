using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators;
using MyInfoPortal.Simulators.Singpass;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Tests.Staff;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Operations;

/// <summary>
/// Issue 11 item 1: no simulator where real services are expected without the opt-in
/// <c>Simulators:AllowOutsideDevelopment</c>, the banner of a mixed configuration, and the simulators'
/// control pages behind a staff session once staff accounts exist.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class SimulatorSafetyTests
{
    private const string OptIn = "Simulators:AllowOutsideDevelopment";

    [Fact]
    public async Task ProductionWithTheDefaultSafeEntryModeRefusesToStartNamingTheKeys()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?> { [OptIn] = "false" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("outside the Development environment", failure.Message, StringComparison.Ordinal);
        Assert.Contains("SafeEntry:Mode is Simulator", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Simulators:AllowOutsideDevelopment=true", failure.Message, StringComparison.Ordinal);

        // Refused before anything was made up for the simulators.
        Assert.False(File.Exists(portal.Folder.Combine("certs", "safeentry-simulator.key.pem")));
    }

    [Fact]
    public async Task RealMyinfoWithASimulatedSafeEntryGatewayRefusesToStartWithoutTheOptIn()
    {
        using var keys = new TempFolder("mip-keys");
        await using var portal = new PortalProcess(RealMyInfoWithSimulatedSafeEntry(keys.Path, optIn: false));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("SafeEntry:Mode is Simulator", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MyInfo:Mode is Simulator", failure.Message, StringComparison.Ordinal);
        Assert.Contains(OptIn, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealMyinfoInDevelopmentWithASimulatedGatewayStillNeedsTheOptIn()
    {
        using var keys = new TempFolder("mip-keys");
        var settings = RealMyInfoWithSimulatedSafeEntry(keys.Path, optIn: false);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        await using var portal = new PortalProcess(settings);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("beside a real service (MyInfo:Mode is Test)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheOptInAMixedConfigurationStartsAndTheBannerNamesTheSimulatedService()
    {
        using var keys = new TempFolder("mip-keys");
        await using var portal = new PortalProcess(RealMyInfoWithSimulatedSafeEntry(keys.Path, optIn: true));
        await portal.StartAsync();
        using var http = new HttpClient();

        var home = HtmlForm.Parse(await http.GetStringAsync(new Uri(portal.BaseUrl + "/")));

        var banner = home.QuerySelector("[data-testid=environment-banner]");
        Assert.NotNull(banner);
        Assert.Contains("Simulator in use", banner.TextContent, StringComparison.Ordinal);
        Assert.Equal("Simulated here: SafeEntry, not the real service.", home.QuerySelector("[data-testid=simulated-services]")!.TextContent);
    }

    [Fact]
    public async Task ADevelopmentCloneWithOnlySimulatorsStartsWithoutTheOptIn()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            [OptIn] = "false",
        });

        await portal.StartAsync();

        using var http = new HttpClient();
        var home = HtmlForm.Parse(await http.GetStringAsync(new Uri(portal.BaseUrl + "/")));
        Assert.Contains("Test personas only", home.QuerySelector("[data-testid=environment-banner]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(home.QuerySelector("[data-testid=simulated-services]"));
    }

    [Fact]
    public async Task AnonymousFaultSwitchIsRefusedOnceStaffAccountsExistAndAllowedWithAStaffSession()
    {
        using var factory = new SafeEntryFactory();
        var anonymous = StaffTestSupport.NewBrowser(factory);

        // A well-formed form, antiforgery token included, fetched while the portal had no staff account.
        var form = await HtmlForm.ReadAsync(await anonymous.GetAsync(new Uri("/sim/safeentry", UriKind.Relative)));
        await StaffTestSupport.CreateAccountAsync(factory);

        using var refused = await HtmlForm.SubmitAsync(anonymous, form, "form.sim__fault-form", new Dictionary<string, string> { ["Fault"] = "Down" });
        using var page = await anonymous.GetAsync(new Uri("/sim/safeentry", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/staff/login?ReturnUrl=", StaffTestSupport.Location(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(GatewayFault.None, factory.Gateway.Fault);

        var staff = await StaffTestSupport.SignedInAsync(factory, createAccount: false);
        var staffForm = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/sim/safeentry", UriKind.Relative)));
        using var switched = await HtmlForm.SubmitAsync(staff, staffForm, "form.sim__fault-form", new Dictionary<string, string> { ["Fault"] = "Down" });

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/sim/safeentry", StaffTestSupport.Location(switched));
        Assert.Equal(GatewayFault.Down, factory.Gateway.Fault);
    }

    [Fact]
    public async Task SingpassControlPageNeedsStaffWhileItsProtocolEndpointsStayOpen()
    {
        using var factory = new SafeEntryFactory();
        await StaffTestSupport.CreateAccountAsync(factory);
        var anonymous = StaffTestSupport.NewBrowser(factory);

        using var page = await anonymous.GetAsync(new Uri("/sim/singpass", UriKind.Relative));
        using var content = new FormUrlEncodedContent([new("Fault", "Error")]);
        using var post = await anonymous.PostAsync(new Uri("/sim/singpass", UriKind.Relative), content);
        using var discovery = await anonymous.GetAsync(new Uri("/sim/singpass/fapi/.well-known/openid-configuration", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/staff/login?ReturnUrl=", StaffTestSupport.Location(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(SingpassFault.None, factory.Services.GetRequiredService<SingpassSimulatorControl>().Fault);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);

        var staff = await StaffTestSupport.SignedInAsync(factory, createAccount: false);
        var form = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/sim/singpass", UriKind.Relative)));
        using var switched = await HtmlForm.SubmitAsync(staff, form, "form.sim__fault-form", new Dictionary<string, string> { ["Fault"] = "Error" });

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal(SingpassFault.Error, factory.Services.GetRequiredService<SingpassSimulatorControl>().Fault);
    }

    /// <summary>Myinfo's Test environment (real, https; never called by these tests), SafeEntry left at its default.</summary>
    private static Dictionary<string, string?> RealMyInfoWithSimulatedSafeEntry(string keysFolder, bool optIn)
    {
        var client = DevelopmentCertificates.Ensure(keysFolder, "client", "Test client", TimeProvider.System);
        var myInfo = DevelopmentCertificates.Ensure(keysFolder, "myinfo", "Test Myinfo", TimeProvider.System);
        return new Dictionary<string, string?>
        {
            [OptIn] = optIn ? "true" : "false",
            ["MyInfo:Mode"] = "Test",
            ["MyInfo:AuthoriseUrl"] = "https://test.api.myinfo.gov.sg/com/v3/authorise",
            ["MyInfo:TokenUrl"] = "https://test.api.myinfo.gov.sg/com/v3/token",
            ["MyInfo:PersonUrl"] = "https://test.api.myinfo.gov.sg/com/v3/person",
            ["MyInfo:RedirectUri"] = "https://portal.example/callback",
            ["MyInfo:ClientId"] = "STG-TEST-CLIENT",
            ["MyInfo:ClientSecret"] = Guid.NewGuid().ToString("N"),
            ["MyInfo:ClientPrivateKeyPath"] = client.KeyPath,
            ["MyInfo:ClientCertificatePath"] = client.CertificatePath,
            ["MyInfo:MyInfoCertificatePath"] = myInfo.CertificatePath,
            ["MyInfo:TokenIssuer"] = "https://test.api.myinfo.gov.sg/serviceauth/myinfo-com",
            ["MyInfo:TokenAudience"] = "STG-TEST-CLIENT",
            ["Singpass:Mode"] = "Off",
        };
    }
}
