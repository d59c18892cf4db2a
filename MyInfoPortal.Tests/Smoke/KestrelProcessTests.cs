using System.Net;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Smoke;

/// <summary>The real server process, configured through environment variables as an operator would.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class KestrelProcessTests
{
    [Fact]
    public async Task PortalServesHomePageOnLoopbackKestrel()
    {
        await using var portal = new PortalProcess();
        await portal.StartAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(portal.BaseUrl + "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Retrieve Myinfo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Server"), "Kestrel's Server header should be off");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is for HTTPS responses only");
    }

    [Fact]
    public async Task InvalidEnvironmentVariableStopsStartWithTheKeyName()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?> { ["MyInfo:PersonUrl"] = "ftp://nowhere" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("MyInfo:PersonUrl", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, portal.Process!.ExitCode);
    }
}
