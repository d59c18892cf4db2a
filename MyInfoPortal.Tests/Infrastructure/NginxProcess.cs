using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// A private nginx (Debian's package, which test.sh installs) for one test: the repository's sample site
/// configuration wrapped in a minimal main configuration, with its own prefix, pid, logs and temp paths in
/// a temp folder, on free loopback ports, stopped with its workers on dispose.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxProcess(ChildProcess process, string prefix)
    {
        _process = process;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public string AccessLog => File.Exists(Path.Combine(Prefix, "access.log")) ? ReadShared(Path.Combine(Prefix, "access.log")) : string.Empty;

    public string ErrorLog => File.Exists(Path.Combine(Prefix, "error.log")) ? ReadShared(Path.Combine(Prefix, "error.log")) : string.Empty;

    public static string? FindBinary() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nginx")).FirstOrDefault(File.Exists);

    /// <summary>Starts nginx with <paramref name="siteConfiguration"/> (server blocks) included in its http{} context.</summary>
    public static async Task<NginxProcess> StartAsync(string siteConfiguration, string prefix, int waitForPort)
    {
        var binary = FindBinary() ?? throw new InvalidOperationException("nginx not found: run ./test.sh, which installs Debian's nginx package.");
        Directory.CreateDirectory(prefix);

        // Run as root, nginx's workers drop to nobody: they must be able to reach their temp folders here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(prefix, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        string At(string name) => Path.Combine(prefix, name);
        await File.WriteAllTextAsync(At("site.conf"), siteConfiguration);
        await File.WriteAllTextAsync(At("nginx.conf"), string.Join('\n',
            "daemon off;",
            "worker_processes 1;",
            $"pid {At("nginx.pid")};",
            $"error_log {At("error.log")} notice;",
            "events { worker_connections 256; }",
            "http {",
            $"    access_log {At("access.log")};",
            $"    client_body_temp_path {At("client_body")};",
            $"    proxy_temp_path {At("proxy")};",
            $"    fastcgi_temp_path {At("fastcgi")};",
            $"    uwsgi_temp_path {At("uwsgi")};",
            $"    scgi_temp_path {At("scgi")};",
            $"    include {At("site.conf")};",
            "}",
            string.Empty));

        var test = ChildProcess.Start(binary, ["-t", "-p", prefix + "/", "-c", At("nginx.conf"), "-e", At("error.log")], prefix, new Dictionary<string, string?>());
        await using (test)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await test.WaitForExitAsync(timeout.Token);
            if (test.ExitCode != 0)
            {
                throw new InvalidOperationException("nginx refused the configuration:\n" + test.Output);
            }
        }

        var process = ChildProcess.Start(binary, ["-p", prefix + "/", "-c", At("nginx.conf"), "-e", At("error.log")], prefix,
            new Dictionary<string, string?>(), At("console.log"));
        var nginx = new NginxProcess(process, prefix);
        await nginx.WaitForPortAsync(waitForPort, TimeSpan.FromSeconds(30));
        return nginx;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"nginx exited with code {_process.ExitCode}:\n{_process.Output}\n{ErrorLog}"));
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("nginx did not listen in time:\n" + ErrorLog);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
