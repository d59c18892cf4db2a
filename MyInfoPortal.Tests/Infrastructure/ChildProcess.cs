using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>What a command run to completion left: its exit code and its two output streams, kept apart.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Every process the tests start goes through here. Long-running ones (the portal on Kestrel, MockPass,
/// nginx) through <see cref="Start"/>: output captured in memory and to a file, killed with their children
/// on dispose. Commands that run to completion (openssl, node scripts, PostgreSQL's tools) through
/// <see cref="RunAsync"/>.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StreamWriter? _log;
    private readonly Lock _logGate = new();

    private ChildProcess(Process process, string? logPath)
    {
        _process = process;
        if (logPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            _log = new StreamWriter(logPath, append: true, Encoding.UTF8) { AutoFlush = true };
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _lines);

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string?> environment, string? logPath = null)
    {
        var info = StartInfo(fileName, arguments, workingDirectory, environment);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, logPath);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Runs a command to its end (at most <paramref name="timeout"/>, a minute unless given; then it is killed
    /// and the wait throws), with <paramref name="standardInput"/> or an empty input, and returns what it wrote.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(fileName, arguments, workingDirectory ?? Environment.CurrentDirectory, environment ?? []))
            ?? throw new InvalidOperationException(fileName + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Writes to standard input and closes it, so the process sees end of input.</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Waits until a line contains the text, or fails with the output so far.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"'{text}' did not appear (exited: {_process.HasExited}). Output:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks run, as in a crash or power loss.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
    }

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        lock (_logGate)
        {
            _log?.WriteLine(line);
        }
    }
}
