using System.Net;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.Smoke;

public sealed class StartupTests
{
    [Fact]
    public async Task HomePageRendersWithSecurityHeaders()
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Retrieve Myinfo", html, StringComparison.Ordinal);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task SimulatorModeGeneratesDevelopmentKeysIntoTheConfiguredFolder()
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        await client.GetAsync(new Uri("/", UriKind.Relative));

        foreach (var name in new[] { "portal.key.pem", "portal.crt.pem", "myinfo-simulator.crt.pem", "safeentry-simulator.crt.pem", "myinfo-simulator.client-secret" })
        {
            Assert.True(File.Exists(factory.Folder.Combine("certs", name)), name + " was not generated");
        }

        Assert.True(File.Exists(factory.Folder.Combine("data", "portal.db")));
    }

    [Fact]
    public async Task UnknownPageShowsTheDesignedNotFoundPageWithARequestId()
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("Request ID", html, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public void BadConfigurationIsReportedWithTheKeyName()
    {
        var options = new MyInfoOptions
        {
            AuthoriseUrl = "http://localhost/authorise",
            TokenUrl = "not a url",
            PersonUrl = "http://localhost/person",
            RedirectUri = "http://localhost/callback",
            ClientId = "client",
            ClientSecret = "secret",
            ClientPrivateKeyPath = "/nonexistent/key.pem",
            MyInfoCertificatePath = "/nonexistent/cert.pem",
            Mode = ServiceMode.Test,
        };

        var result = new MyInfoOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("MyInfo:TokenUrl ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MyInfo:ClientPrivateKeyPath ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("MyInfo:MyInfoCertificatePath ", StringComparison.Ordinal));
    }
}
