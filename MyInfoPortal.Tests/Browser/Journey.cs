using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// One user's trip through the portal in a fresh browser context (own cookies, own storage). Every
/// significant step is wrapped: it runs, then the page is checked (axe: no serious or critical
/// violations; console: no Content-Security-Policy violation; layout: nothing wider than the screen) and
/// a full-page screenshot is saved as <c>&lt;journey&gt;-&lt;nn&gt;-&lt;step&gt;.png</c>. A failing step
/// saves a <c>-FAILED</c> screenshot before the failure propagates.
/// </summary>
public sealed partial class Journey : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _console = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<string> _navigations = new();
    private readonly ITestOutputHelper? _output;
    private int _step;

    private Journey(string name, string baseUrl, Viewport viewport, IBrowserContext context, IPage page, bool scripts, ITestOutputHelper? output)
    {
        Name = name;
        BaseUrl = baseUrl.TrimEnd('/');
        Viewport = viewport;
        Context = context;
        Page = page;
        ScriptsEnabled = scripts;
        _output = output;
    }

    /// <summary>Where screenshots go: TestResults/screenshots under the test binaries (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public string Name { get; }

    public string BaseUrl { get; }

    public Viewport Viewport { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public bool ScriptsEnabled { get; }

    /// <summary>Every console message and page error seen so far, in order, as "type: text".</summary>
    public IReadOnlyCollection<string> ConsoleMessages => [.. _console, .. _pageErrors.Select(e => "pageerror: " + e)];

    /// <summary>Every address the main frame showed, in order (pages that moved on by themselves included).</summary>
    public IReadOnlyCollection<string> Navigations => [.. _navigations];

    /// <summary>Files saved by this journey, in order.</summary>
    public List<string> Screenshots { get; } = [];

    public static async Task<Journey> StartAsync(BrowserFixture browser, string name, string baseUrl,
        Viewport? viewport = null, bool javaScriptEnabled = true, ITestOutputHelper? output = null)
    {
        viewport ??= Viewport.Desktop;
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.IsMobile,
            HasTouch = viewport.HasTouch,
            JavaScriptEnabled = javaScriptEnabled,
            Locale = "en-SG",
            TimezoneId = "Asia/Singapore",
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);
        await AxeCheck.InstallAsync(context, baseUrl);

        // Chromium's own console wording changes between versions; the DOM event does not.
        await context.AddInitScriptAsync(
            """
            document.addEventListener('securitypolicyviolation', e =>
                console.error('securitypolicyviolation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);

        var page = await context.NewPageAsync();
        var journey = new Journey(name, baseUrl, viewport, context, page, javaScriptEnabled, output);
        page.Console += (_, message) => journey._console.Enqueue(message.Type + ": " + message.Text);
        page.PageError += (_, error) => journey._pageErrors.Enqueue(error);
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                journey._navigations.Enqueue(frame.Url);
            }
        };

        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var stale in Directory.EnumerateFiles(ScreenshotFolder, name + "-*.png"))
        {
            File.Delete(stale);
        }

        return journey;
    }

    public Task<IResponse?> GotoAsync(string path) => Page.GotoAsync(path);

    /// <summary>
    /// Runs one step, then checks the page it ends on and screenshots it. Set <paramref name="checkAccessibility"/>
    /// to false only for pages that are not ours (e.g. MockPass's login page).
    /// </summary>
    public async Task StepAsync(string step, Func<Task> action, bool checkAccessibility = true)
    {
        var number = Interlocked.Increment(ref _step);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"{Name}-{number:00}-{Slug(step)}");
        try
        {
            await action();
            await Page.WaitForLoadStateAsync(LoadState.Load);
            AssertNoCspViolations(step);
            await AssertFitsScreenAsync(step);
            if (checkAccessibility)
            {
                await AssertAccessibleAsync(step);
            }

            await ScreenshotAsync(fileName);
        }
        catch (Exception failure) when (failure is not SkipException)
        {
            var path = await TryScreenshotAsync(fileName + "-FAILED");
            throw new JourneyStepException(
                $"Journey '{Name}' ({Viewport.Name}) failed at step {number} '{step}' on {Page.Url}.\n" +
                $"Screenshot: {path ?? "(none)"}\nConsole:\n{string.Join('\n', ConsoleMessages)}\n{failure.Message}",
                failure);
        }
    }

    /// <summary>Runs axe-core on the current page: no serious or critical violations.</summary>
    public async Task AssertAccessibleAsync(string where)
    {
        if (!ScriptsEnabled)
        {
            await AssertAccessibleWithoutScriptsAsync(where);
            return;
        }

        var violations = await AxeCheck.SeriousViolationsAsync(Page);
        if (violations.Count > 0)
        {
            throw new XunitException($"axe-core found serious/critical violations on '{where}' ({Page.Url}):\n{AxeCheck.Describe(violations)}");
        }
    }

    /// <summary>
    /// A page seen with scripts off cannot host axe, so its exact HTML is replayed, same origin and same
    /// stylesheets, in a scripted page of the same size and checked there.
    /// </summary>
    private async Task AssertAccessibleWithoutScriptsAsync(string where)
    {
        var html = await Page.ContentAsync();
        var snapshotUrl = BaseUrl + "/__e2e/snapshot";
        await using var viewer = await Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = Viewport.Width, Height = Viewport.Height },
        });
        await AxeCheck.InstallAsync(viewer, BaseUrl);
        await viewer.RouteAsync(snapshotUrl, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Body = html,
        }));
        var page = await viewer.NewPageAsync();
        await page.GotoAsync(snapshotUrl);
        var violations = await AxeCheck.SeriousViolationsAsync(page);
        if (violations.Count > 0)
        {
            throw new XunitException($"axe-core found serious/critical violations on '{where}' ({Page.Url}, scripts off):\n{AxeCheck.Describe(violations)}");
        }
    }

    /// <summary>No message from the browser says a Content-Security-Policy directive refused something.</summary>
    public void AssertNoCspViolations(string where)
    {
        var violations = ConsoleMessages.Where(IsCspViolation).ToList();
        if (violations.Count > 0)
        {
            throw new XunitException($"Content-Security-Policy violations by '{where}' ({Page.Url}):\n{string.Join('\n', violations)}");
        }
    }

    /// <summary>Nothing on the page is wider than the screen (no sideways scrolling on a phone).</summary>
    public async Task AssertFitsScreenAsync(string where)
    {
        if (!ScriptsEnabled)
        {
            return;
        }

        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            var culprits = await Page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 8)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : ''))
                """);
            throw new XunitException($"'{where}' is {overflow}px wider than the {Viewport.Width}px screen; widest elements: {string.Join(", ", culprits)}");
        }
    }

    public async Task<string> ScreenshotAsync(string fileName)
    {
        var path = Path.Combine(ScreenshotFolder, fileName + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Screenshots.Add(path);
        _output?.WriteLine("screenshot: " + path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser may already be gone after a failure; nothing to keep.
        }
    }

    public static bool IsCspViolation(string message) =>
        message.Contains("securitypolicyviolation", StringComparison.Ordinal)
        || message.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Refused to", StringComparison.Ordinal);

    private async Task<string?> TryScreenshotAsync(string fileName)
    {
        try
        {
            return await ScreenshotAsync(fileName);
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    private static string Slug(string text) => SlugPattern().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}

/// <summary>A journey step failed; the message names the step, the page, the screenshot and the console.</summary>
public sealed class JourneyStepException(string message, Exception inner) : Exception(message, inner);
