using System.Net;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Tests.MyInfo;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Tests.Staff;

namespace MyInfoPortal.Tests.Security;

/// <summary>
/// security.md G and issue 7: each security event is provoked once and found in the log exactly once, at
/// Warning, with its event ID, and without the value that caused it (token, state, code, password).
/// </summary>
public sealed class SecurityEventLogTests
{
    [Fact]
    public async Task ForgedAntiforgeryTokenIsOneWarningAndNoFrameworkError()
    {
        using var factory = new KioskFactory();
        using var browser = StaffTestSupport.NewBrowser(factory);
        var forgedField = "CfDJ8" + TestSecrets.NewPassword("field").Replace("-", "A", StringComparison.Ordinal);
        var forgedCookie = "CfDJ8" + TestSecrets.NewPassword("cookie").Replace("-", "B", StringComparison.Ordinal);

        // A garbled cookie on a page that renders a form: the framework would log an Error while replacing it.
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri("/staff/login", UriKind.Relative));
        page.Headers.Add("Cookie", "mip-af=" + forgedCookie);
        using var pageResponse = await browser.SendAsync(page);
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/staff/login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = forgedField,
                ["Username"] = "alice",
                ["Password"] = "whatever it is",
            }),
        };
        post.Headers.Add("Cookie", "mip-af=" + forgedCookie);
        using var refused = await browser.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var line = Assert.Single(Events(factory.Logs, 5001));
        Assert.StartsWith("Warning MyInfoPortal.Security[5001]", line, StringComparison.Ordinal);
        Assert.Contains("POST /staff/login", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, forgedField, forgedCookie, "whatever it is");
        AssertNoErrors(factory.Logs);
    }

    [Fact]
    public async Task RateLimitRejectionIsOneWarning()
    {
        using var factory = new KioskFactory();
        factory.With("RateLimits:LoginPerMinute", "1");
        using var browser = StaffTestSupport.NewBrowser(factory);

        using var first = await browser.GetAsync(new Uri("/login", UriKind.Relative));
        using var second = await browser.GetAsync(new Uri("/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var line = Assert.Single(Events(factory.Logs, 5000));
        Assert.StartsWith("Warning MyInfoPortal.Security[5000]", line, StringComparison.Ordinal);
        AssertNoErrors(factory.Logs);
    }

    [Fact]
    public async Task StateFromAnotherBrowserIsOneWarningWithoutTheState()
    {
        using var factory = new MyInfoFactory();
        using var owner = factory.CreateBrowser();
        using var attacker = factory.CreateBrowser();
        _ = await FlowDriver.StartPageFlowAsync(attacker);
        var (_, state) = await FlowDriver.StartPageFlowAsync(owner);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(attacker, FlowDriver.CallbackQuery(code, state));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        var line = Assert.Single(Events(factory.Logs, 1102));
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("another browser", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, state, code);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task ReplayedCallbackIsOneWarningWithoutTheStateOrCode()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");
        await FlowDriver.CompletePageFlowAsync(browser, code, state);

        using var replay = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var line = Assert.Single(Events(factory.Logs, 1102));
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("used already", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, state, code);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task AccessTokenWithABrokenSignatureIsOneWarningWithoutTheToken()
    {
        using var factory = new MyInfoFactory();
        string? token = null;
        factory.Fake.TokenFactory = subject =>
        {
            var valid = factory.Fake.DefaultToken(subject);
            return token = valid[..^6] + (valid.EndsWith("AAAAAA", StringComparison.Ordinal) ? "BBBBBB" : "AAAAAA");
        };

        var status = await SignInAsync(factory);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        var line = Assert.Single(Events(factory.Logs, 1003));
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, token!);
        Assert.Equal(0, factory.Calls.PersonCalls);
    }

    [Fact]
    public async Task PersonResponseThatDoesNotDecryptIsOneWarningWithoutTheResponse()
    {
        using var factory = new MyInfoFactory();
        string? body = null;
        factory.Fake.PersonBodyFactory = valid => body = valid[..^8] + "AAAAAAAA";

        var status = await SignInAsync(factory);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        var line = Assert.Single(Events(factory.Logs, 1006));
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, body![..40]);
    }

    [Fact]
    public async Task LockoutIsOneWarningWithoutAnyPassword()
    {
        using var factory = new KioskFactory();
        await StaffTestSupport.CreateAccountAsync(factory);
        using var browser = StaffTestSupport.NewBrowser(factory);
        var guesses = Enumerable.Range(0, 5).Select(i => TestSecrets.NewPassword("guess" + i)).ToList();

        foreach (var guess in guesses)
        {
            await StaffTestSupport.SubmitLoginAsync(browser, "alice", guess);
        }

        var line = Assert.Single(Events(factory.Logs, 3005));
        Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        Assert.Contains("alice", line, StringComparison.Ordinal);
        AssertNotLogged(factory.Logs, [.. guesses, StaffTestSupport.Password]);
    }

    /// <summary>The page flow up to the continuation, whose status is returned.</summary>
    private static async Task<HttpStatusCode> SignInAsync(MyInfoFactory factory)
    {
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));
        return complete.StatusCode;
    }

    private static List<string> Events(CapturedLogs logs, int eventId) =>
        logs.Lines.Where(l => l.Contains("[" + eventId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "] ", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Checks what production writes: the framework's own categories stay at Warning there (appsettings.json,
    /// security.md G), so its Information lines, such as "Request starting" with the query string, are left out.
    /// </summary>
    private static void AssertNotLogged(CapturedLogs logs, params string[] values)
    {
        var all = string.Join('\n', logs.Lines.Where(l => !Quiet.Any(q => l.StartsWith(q, StringComparison.Ordinal))));
        foreach (var value in values)
        {
            Assert.False(all.Contains(value, StringComparison.Ordinal), $"a value of length {value.Length} reached the log");
        }
    }

    private static readonly string[] Quiet = ["Trace Microsoft.", "Debug Microsoft.", "Information Microsoft.", "Trace System.", "Debug System.", "Information System."];

    private static void AssertNoErrors(CapturedLogs logs) =>
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
}
