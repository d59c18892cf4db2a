using System.Net;
using System.Text;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>Runs independent tools (openssl, node) the way a person would at a shell.</summary>
internal static class TestTools
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var result = await ChildProcess.RunAsync(fileName, arguments, workingDirectory, standardInput: standardInput);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>A shell pipeline, for the exact openssl command lines a reviewer would type.</summary>
    public static async Task<string> ShellAsync(string command)
    {
        var (exit, output, error) = await RunAsync("bash", ["-c", "set -o pipefail; " + command]);
        Assert.True(exit == 0, $"'{command}' failed ({exit}): {error}");
        return output;
    }

    /// <summary>Node's jose (tools/e2e/node_modules) via tools/e2e/scripts/safeentry-jwe.mjs.</summary>
    public static async Task<string> NodeJoseAsync(string command, string pemPath, string input)
    {
        var script = Path.Combine(RepoPaths.E2eTooling, "scripts", "safeentry-jwe.mjs");
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.NodeModules, "jose")), "Node's jose is not installed: run ./test.sh (npm ci in tools/e2e).");
        var (exit, output, error) = await RunAsync("node", [script, command, pemPath], input, RepoPaths.E2eTooling);
        Assert.True(exit == 0, $"node jose {command} failed ({exit}): {error}");
        return output;
    }
}

/// <summary>A stand-in gateway: records each request as it arrives and answers what the test scripted.</summary>
internal sealed class RecordingGateway : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();
    private readonly Lock _gate = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Called as a request arrives, before it is answered (e.g. to look into the database then).</summary>
    public Func<RecordedRequest, Task>? OnRequest { get; set; }

    /// <summary>Forgets the requests and any unused scripted answers.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Requests.Clear();
            _answers.Clear();
        }
    }

    public RecordingGateway Answer(HttpStatusCode status, string? json = null)
    {
        lock (_gate)
        {
            _answers.Enqueue(() => new HttpResponseMessage(status)
            {
                Content = json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, "application/json"),
            });
        }

        return this;
    }

    public RecordingGateway Throw(Exception exception)
    {
        lock (_gate)
        {
            _answers.Enqueue(() => throw exception);
        }

        return this;
    }

    public RecordingGateway Hang()
    {
        lock (_gate)
        {
            _answers.Enqueue(() => null!);
        }

        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var contentType = request.Content?.Headers.TryGetValues("Content-Type", out var values) == true ? values.Single() : null;
        var authorization = request.Headers.TryGetValues("Authorization", out var auth) ? auth.Single() : null;
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.ToString(), contentType, authorization, body);
        lock (_gate)
        {
            Requests.Add(recorded);
        }

        if (OnRequest is not null)
        {
            await OnRequest(recorded);
        }

        Func<HttpResponseMessage> answer;
        lock (_gate)
        {
            answer = _answers.Count > 0 ? _answers.Dequeue() : () => new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) };
        }

        var response = answer();
        if (response is null)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return response!;
    }
}

internal sealed record RecordedRequest(string Method, string Url, string? ContentType, string? Authorization, string Body);
