using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Tests.Smoke;

/// <summary>Issue 5 and the proxy settings of issue 2: configuration meant for real deployments is checked at start, each refusal naming its key.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class StrictConfigurationTests
{
    [Fact]
    public async Task ProductionMyinfoOverPlainHttpStopsTheStartNamingEveryKey()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["MyInfo:Mode"] = "Production",
            ["MyInfo:AuthoriseUrl"] = "http://myinfo.example/com/v3/authorise",
            ["MyInfo:TokenUrl"] = "http://myinfo.example/com/v3/token",
            ["MyInfo:PersonUrl"] = "http://myinfo.example/com/v3/person",
            ["MyInfo:ClientId"] = "CLIENT",
            ["SafeEntry:Mode"] = "Production",
            ["SafeEntry:EntryUrl"] = "http://api.safeentry-qr.gov.sg/partner/v1/entry",
            ["Simulators:AllowOutsideDevelopment"] = "true",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(1, portal.Process!.ExitCode);
        foreach (var expected in new[]
        {
            "MyInfo:AuthoriseUrl must be an https URL in Production mode",
            "MyInfo:TokenUrl must be an https URL in Production mode",
            "MyInfo:PersonUrl must be an https URL in Production mode",
            "MyInfo:RedirectUri must be an https URL in Production mode",
            "MyInfo:TokenIssuer is required.",
            "MyInfo:TokenAudience is required.",
        })
        {
            Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AProxyAddressThatDoesNotParseStopsTheStartNamingTheKey()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["Portal:KnownProxies"] = "127.0.0.1, nginx.local",
            ["Portal:KnownNetworks"] = "10.0.0.0/33",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(1, portal.Process!.ExitCode);
        Assert.Contains("Portal:KnownProxies: 'nginx.local' is not an IP address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Portal:KnownNetworks: '10.0.0.0/33' is not a network", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData(" 10.0.0.5 ; ::1 ", null, true)]
    [InlineData(null, "10.0.0.0/8,fd00::/8", true)]
    [InlineData(null, null, false)]
    [InlineData("", " ", false)]
    public void ProxiesAreTrustedOnlyWhenListed(string? proxies, string? networks, bool trusted)
    {
        var options = new PortalOptions { KnownProxies = proxies, KnownNetworks = networks };

        Assert.True(new PortalOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(trusted, options.TrustsProxies);
    }
}
