using Microsoft.Playwright;
using MyInfoPortal.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The journey checks must be able to fail: each detector is shown catching a planted defect on a
/// real page served by the real portal.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class HarnessTests(BrowserFixture browser, PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task CspDetectorCatchesAnInlineScriptTheServerPolicyRefuses()
    {
        await using var journey = await Journey.StartAsync(browser, "harness-csp", portal.BaseUrl, output: output);
        await journey.GotoAsync("/");

        await journey.Page.EvaluateAsync(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__planted = 1'; document.head.appendChild(s); }");
        await journey.Page.WaitForTimeoutAsync(200);

        Assert.False(await journey.Page.EvaluateAsync<bool>("() => window.__planted === 1"), "the inline script ran: the CSP is not enforced");
        var failure = Assert.Throws<XunitException>(() => journey.AssertNoCspViolations("planted inline script"));
        Assert.Contains("inline script", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("securitypolicyviolation: script-src", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CspDetectorCatchesAnInlineStyleAttribute()
    {
        await using var journey = await Journey.StartAsync(browser, "harness-csp-style", portal.BaseUrl, output: output);
        await journey.GotoAsync("/");

        await journey.Page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<p style=\"color:red\">planted</p>')");
        await journey.Page.WaitForTimeoutAsync(200);

        var failure = Assert.Throws<XunitException>(() => journey.AssertNoCspViolations("planted inline style"));
        Assert.Contains("style", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AxeCheckReportsAnImageWithoutAlternativeText()
    {
        await using var journey = await Journey.StartAsync(browser, "harness-axe", portal.BaseUrl, output: output);
        await journey.GotoAsync("/");

        await journey.Page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.svg\">')");

        var failure = await Assert.ThrowsAsync<XunitException>(() => journey.AssertAccessibleAsync("planted image"));
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        journey.AssertNoCspViolations("axe injection");
    }

    [Fact]
    public async Task LayoutCheckReportsContentWiderThanAPhone()
    {
        await using var journey = await Journey.StartAsync(browser, "harness-overflow", portal.BaseUrl, Viewport.Phone, output: output);
        await journey.GotoAsync("/");

        // CSSOM writes are not inline style attributes, so the CSP allows them and only the layout check can object.
        await journey.Page.EvaluateAsync("() => { const d = document.createElement('div'); d.id = 'planted-wide'; d.style.width = '2000px'; d.style.height = '10px'; document.querySelector('main').appendChild(d); }");

        var failure = await Assert.ThrowsAsync<XunitException>(() => journey.AssertFitsScreenAsync("planted wide block"));
        Assert.Contains("planted-wide", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingStepSavesAScreenshotAndNamesTheStep()
    {
        await using var journey = await Journey.StartAsync(browser, "harness-failure", portal.BaseUrl, output: output);

        var failure = await Assert.ThrowsAsync<JourneyStepException>(() => journey.StepAsync("expect missing text", async () =>
        {
            await journey.GotoAsync("/");
            await Assertions.Expect(journey.Page.GetByText("text that is not on the page")).ToBeVisibleAsync(new() { Timeout = 1_000 });
        }));

        Assert.Contains("expect missing text", failure.Message, StringComparison.Ordinal);
        var shot = Assert.Single(journey.Screenshots);
        Assert.EndsWith("harness-failure-01-expect-missing-text-FAILED.png", shot, StringComparison.Ordinal);
        Assert.True(new FileInfo(shot).Length > 1000, "the failure screenshot is empty");
    }
}
