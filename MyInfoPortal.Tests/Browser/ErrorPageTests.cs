using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Features.Errors;

namespace MyInfoPortal.Tests.Browser;

/// <summary>Real failures (an exception, an upstream outage) end on the designed error page.</summary>
public sealed class ErrorPageTests
{
    [Fact]
    public async Task UnhandledExceptionShowsTheDesignedPageWithoutItsMessage()
    {
        using var factory = new FailingPortalFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri(FailingController.ThrowPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlForm.Parse(html);
        Assert.Equal("Something went wrong on our side", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=request-id]")?.TextContent));
        Assert.Equal(FailingController.ThrowPath, page.QuerySelector("[data-testid=error-retry]")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/css/site.css']"));
        Assert.DoesNotContain("S1234567D", html, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), html, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamOutageStatusShowsTheRetryablePage()
    {
        using var factory = new FailingPortalFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri(FailingController.UpstreamDownPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Equal("A service we depend on is not answering", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(FailingController.UpstreamDownPath, page.QuerySelector("[data-testid=error-retry]")?.GetAttribute("href"));
        Assert.Equal("/", page.QuerySelector("[data-testid=error-home]")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData(503, "GET", "/profile", "/profile")]
    [InlineData(500, "GET", "/kiosk/log", "/kiosk/log")]
    [InlineData(404, "GET", "/profile", null)]
    [InlineData(503, "POST", "/kiosk", null)]
    [InlineData(502, "GET", "/callback", null)]
    [InlineData(502, "GET", "//evil.example", null)]
    [InlineData(502, "GET", "/\\evil.example", null)]
    [InlineData(500, "GET", "/error/500", null)]
    [InlineData(500, "GET", null, null)]
    public void RetryLinkOnlyForPassingFailuresOfPlainLocalPages(int status, string method, string? path, string? expected) =>
        Assert.Equal(expected, ErrorController.RetryPathFor(status, method, path));

    private sealed class FailingPortalFactory : PortalFactory
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddControllersWithViews().AddApplicationPart(typeof(FailingController).Assembly);
    }
}

/// <summary>Test-only endpoints that fail the way real pages can.</summary>
public sealed class FailingController : Controller
{
    public const string ThrowPath = "/__test/throw";
    public const string UpstreamDownPath = "/__test/upstream-down";

    [HttpGet(ThrowPath)]
    public IActionResult Throw() => throw new InvalidOperationException("upstream said: person S1234567D not found at " + Request.Path);

    [HttpGet(UpstreamDownPath)]
    public IActionResult UpstreamDown() => StatusCode((int)HttpStatusCode.ServiceUnavailable);
}
