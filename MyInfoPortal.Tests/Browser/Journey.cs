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
    private readonly ConcurrentQueue<string> _console;
    private readonly ConcurrentQueue<string> _pageErrors;
    private readonly ConcurrentQueue<(IPage Page, string Url)> _navigations;
    private readonly ITestOutputHelper? _output;
    private int _step;

    private Journey(string name, string baseUrl, Viewport viewport, IBrowserContext context, IPage page, bool scripts, ITestOutputHelper? output,
        ConcurrentQueue<string> console, ConcurrentQueue<string> pageErrors, ConcurrentQueue<(IPage Page, string Url)> navigations)
    {
        _console = console;
        _pageErrors = pageErrors;
        _navigations = navigations;
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

    /// <summary>Every address the journey's page showed, in order (pages that moved on by themselves included).</summary>
    public IReadOnlyCollection<string> Navigations => [.. _navigations.Where(n => n.Page == Page).Select(n => n.Url)];

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

        var console = new ConcurrentQueue<string>();
        var pageErrors = new ConcurrentQueue<string>();
        var navigations = new ConcurrentQueue<(IPage Page, string Url)>();

        // Every page of the context reports to the journey: a second tab (staff switching the gateway) included.
        context.Page += (_, opened) =>
        {
            opened.Console += (_, message) => console.Enqueue(message.Type + ": " + message.Text);
            opened.PageError += (_, error) => pageErrors.Enqueue(error);
            opened.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null)
                {
                    navigations.Enqueue((opened, frame.Url));
                }
            };
        };

        var page = await context.NewPageAsync();
        var journey = new Journey(name, baseUrl, viewport, context, page, javaScriptEnabled, output, console, pageErrors, navigations);

        Directory.CreateDirectory(ScreenshotFolder);
        // Only this journey's own earlier files: "kiosk-01-x.png" is stale for "kiosk", "kiosk-phone-01-x.png" is not.
        var own = new Regex("^" + Regex.Escape(name) + @"-\d{2}-", RegexOptions.CultureInvariant);
        foreach (var stale in Directory.EnumerateFiles(ScreenshotFolder, name + "-*.png").Where(f => own.IsMatch(Path.GetFileName(f))))
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
    public async Task StepAsync(string step, Func<Task> action, bool checkAccessibility = true, IPage? on = null)
    {
        var page = on ?? Page;
        var number = Interlocked.Increment(ref _step);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"{Name}-{number:00}-{Slug(step)}");
        try
        {
            await action();
            await page.WaitForLoadStateAsync(LoadState.Load);
            AssertNoCspViolations(step);
            await AssertFitsScreenAsync(step, page);
            if (checkAccessibility)
            {
                await AssertAccessibleAsync(step, page);
            }

            await ScreenshotAsync(fileName, page);
        }
        catch (Exception failure) when (failure is not SkipException)
        {
            var path = await TryScreenshotAsync(fileName + "-FAILED", page);
            throw new JourneyStepException(
                $"Journey '{Name}' ({Viewport.Name}) failed at step {number} '{step}' on {page.Url}.\n" +
                $"Screenshot: {path ?? "(none)"}\nConsole:\n{string.Join('\n', ConsoleMessages)}\n{failure.Message}",
                failure);
        }
    }

    /// <summary>Runs axe-core on the current page: no serious or critical violations.</summary>
    public async Task AssertAccessibleAsync(string where, IPage? on = null)
    {
        var page = on ?? Page;
        if (!ScriptsEnabled)
        {
            await AssertAccessibleWithoutScriptsAsync(where, page);
            return;
        }

        var violations = await AxeCheck.SeriousViolationsAsync(page);
        if (violations.Count > 0)
        {
            throw new XunitException($"axe-core found serious/critical violations on '{where}' ({page.Url}):\n{AxeCheck.Describe(violations)}");
        }
    }

    /// <summary>
    /// A page seen with scripts off cannot host axe, so its exact HTML is replayed, same origin and same
    /// stylesheets, in a scripted page of the same size and checked there.
    /// </summary>
    private async Task AssertAccessibleWithoutScriptsAsync(string where, IPage source)
    {
        var html = await source.ContentAsync();
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
            throw new XunitException($"axe-core found serious/critical violations on '{where}' ({source.Url}, scripts off):\n{AxeCheck.Describe(violations)}");
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
    public async Task AssertFitsScreenAsync(string where, IPage? on = null)
    {
        var page = on ?? Page;
        if (!ScriptsEnabled)
        {
            return;
        }

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0)
        {
            var culprits = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 8)
                    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : ''))
                """);
            throw new XunitException($"'{where}' is {overflow}px wider than the {Viewport.Width}px screen; widest elements: {string.Join(", ", culprits)}");
        }
    }

    public async Task<string> ScreenshotAsync(string fileName, IPage? on = null)
    {
        var path = Path.Combine(ScreenshotFolder, fileName + ".png");
        await (on ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
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

    private async Task<string?> TryScreenshotAsync(string fileName, IPage page)
    {
        try
        {
            return await ScreenshotAsync(fileName, page);
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
