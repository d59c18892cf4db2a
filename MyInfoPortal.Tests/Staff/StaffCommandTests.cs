using System.Net;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Staff;

/// <summary>The <c>staff</c> verbs of the real built app, run as an operator would, against its own data folder.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class StaffCommandTests
{
    private static readonly string Password = TestSecrets.NewPassword("cli");

    [Fact]
    public async Task AddListSignInAndRemoveThroughTheCommandLine()
    {
        await using var portal = new PortalProcess();

        var empty = await portal.RunCommandAsync(null, "staff", "list");
        var added = await portal.RunCommandAsync(Password + "\n", "staff", "add", "alice", "--password-stdin");
        var again = await portal.RunCommandAsync(Password + "\n", "staff", "add", "Alice", "--password-stdin");
        var listed = await portal.RunCommandAsync(null, "staff", "list");

        Assert.Equal((0, true), (empty.ExitCode, empty.Output.Contains("No staff accounts", StringComparison.Ordinal)));
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Created staff account 'alice'", added.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("alice", listed.Output, StringComparison.Ordinal);
        Assert.Contains("never", listed.Output, StringComparison.Ordinal);

        // The account works on the real server's sign-in page.
        await portal.StartAsync();
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(portal.BaseUrl) })
        {
            var page = await HtmlForm.ReadAsync(await http.GetAsync(new Uri("/staff/login", UriKind.Relative)));
            var signIn = await HtmlForm.SubmitAsync(http, page, "#staff-login", new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = Password });
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
        }

        portal.Kill();
        var removed = await portal.RunCommandAsync(null, "staff", "remove", "alice");
        var removedAgain = await portal.RunCommandAsync(null, "staff", "remove", "alice");
        var listedAfter = await portal.RunCommandAsync(null, "staff", "list");

        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(1, removedAgain.ExitCode);
        Assert.Contains("no staff account named 'alice'", removedAgain.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", listedAfter.Output, StringComparison.Ordinal);

        foreach (var output in new[] { empty.Output, added.Output, again.Output, listed.Output, removed.Output, portal.Output })
        {
            Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Password, ReadLogs(portal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInvocationsFailWithClearMessagesAndExitCodes()
    {
        await using var portal = new PortalProcess();

        var noStdinFlag = await portal.RunCommandAsync(Password + "\n", "staff", "add", "alice");
        var passwordAsArgument = await portal.RunCommandAsync(null, "staff", "add", "alice", "--password", Password);
        var tooShort = await portal.RunCommandAsync("short\n", "staff", "add", "alice", "--password-stdin");
        var emptyInput = await portal.RunCommandAsync(string.Empty, "staff", "add", "alice", "--password-stdin");
        var badName = await portal.RunCommandAsync(Password + "\n", "staff", "add", "a b!", "--password-stdin");
        var unknownVerb = await portal.RunCommandAsync(null, "staff", "promote", "alice");
        var bare = await portal.RunCommandAsync(null, "staff");

        Assert.Equal(2, noStdinFlag.ExitCode);
        Assert.Contains("--password-stdin", noStdinFlag.Output, StringComparison.Ordinal);
        Assert.Equal(2, passwordAsArgument.ExitCode);
        Assert.Contains("never accepted as arguments", passwordAsArgument.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, passwordAsArgument.Output, StringComparison.Ordinal);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 12 characters", tooShort.Output, StringComparison.Ordinal);
        Assert.Equal(1, emptyInput.ExitCode);
        Assert.Contains("No password was given", emptyInput.Output, StringComparison.Ordinal);
        Assert.Equal(1, badName.ExitCode);
        Assert.Equal(2, unknownVerb.ExitCode);
        Assert.Equal(2, bare.ExitCode);
        Assert.Contains("Usage:", bare.Output, StringComparison.Ordinal);
        Assert.Contains("No staff accounts", (await portal.RunCommandAsync(null, "staff", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFreshSimulatorInstallSaysHowToCreateTheFirstAccountAndStopsSayingSoOnceOneExists()
    {
        await using var portal = new PortalProcess();

        await portal.StartAsync();
        await portal.Process!.WaitForOutputAsync("staff add <username> --password-stdin", TimeSpan.FromSeconds(20));
        portal.Kill();
        Assert.Equal(1, CountHints(portal.Output));

        Assert.Equal(0, (await portal.RunCommandAsync(Password + "\n", "staff", "add", "alice", "--password-stdin")).ExitCode);
        await portal.StartAsync();
        await portal.Process!.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(20));
        Assert.Equal(0, CountHints(portal.Output));
    }

    private static int CountHints(string output) =>
        output.Split('\n').Count(l => l.Contains("No staff accounts exist yet", StringComparison.Ordinal));

    private static string ReadLogs(PortalProcess portal) =>
        Directory.Exists(portal.LogsFolder)
            ? string.Join('\n', Directory.GetFiles(portal.LogsFolder).Select(f =>
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }))
            : string.Empty;
}
