namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// The real portal: the built MyInfoPortal.Web.dll on Kestrel, on a free loopback port, with its own
/// data and certificate folders. Configuration goes in as environment variables, the way operators set it.
/// Restartable on the same folders, to test what survives a kill.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _environment;
    private ChildProcess? _process;

    public PortalProcess(IDictionary<string, string?>? settings = null, TempFolder? folder = null, int? port = null)
    {
        Folder = folder ?? new TempFolder("mip-kestrel");
        OwnsFolder = folder is null;
        Port = port ?? FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["DOTNET_NOLOGO"] = "1",

            // The file-watcher settings of TestProcessSettings reach the child through the inherited environment.
            ["Portal__BaseUrl"] = BaseUrl,
            ["Portal__DataPath"] = Folder.Combine("data"),
            ["Portal__CertificatesPath"] = Folder.Combine("certs"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    public TempFolder Folder { get; }

    private bool OwnsFolder { get; }

    public int Port { get; }

    public string BaseUrl { get; }

    public string DataFolder => Folder.Combine("data");

    /// <summary>The portal's own rolling log files (the file sink), for log scans.</summary>
    public string LogsFolder => Folder.Combine("data", "logs");

    /// <summary>Console output of the current run.</summary>
    public string Output => _process?.Output ?? string.Empty;

    public ChildProcess? Process => _process;

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The portal is already running.");
        }

        _process = ChildProcess.Start("dotnet", [RepoPaths.WebAssembly], RepoPaths.WebProject, _environment,
            Folder.Combine("console.log"));
        await WaitUntilServingAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs the portal's command-line verbs (e.g. staff add) against the same folders.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(string? standardInput, params string[] args)
    {
        await using var command = ChildProcess.Start("dotnet", [RepoPaths.WebAssembly, .. args], RepoPaths.WebProject, _environment);
        if (standardInput is not null)
        {
            await command.WriteInputAndCloseAsync(standardInput);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await command.WaitForExitAsync(cts.Token);
        return (command.ExitCode, command.Output);
    }

    /// <summary>SIGKILL, as a crash would.</summary>
    public void Kill() => _process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (OwnsFolder)
        {
            Folder.Dispose();
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                // Waits for the redirected output to be read to its end, so the message holds the last lines.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl + "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The portal did not answer /healthz within {timeout}:\n{_process!.Output}");
    }
}
