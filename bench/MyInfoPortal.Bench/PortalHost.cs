using System.Diagnostics;
using System.Security.Cryptography;

namespace MyInfoPortal.Bench;

/// <summary>
/// The published portal as an operator would run it (Production, SQLite, request logging on), with the
/// embedded simulators standing in for Myinfo and SafeEntry, in a fresh data folder of its own.
/// </summary>
internal sealed class PortalHost(string publishFolder) : IDisposable
{
    public const string StaffUser = "bench";

    private readonly string _folder = Directory.CreateTempSubdirectory("mip-bench-portal-").FullName;

    /// <summary>A password made for this run only; never written anywhere but the portal's own hash.</summary>
    public string StaffPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string DataFolder => Path.Combine(_folder, "data");

    public string Dll => Path.Combine(publishFolder, "MyInfoPortal.Web.dll");

    public Dictionary<string, string> Environment(Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Portal__BaseUrl"] = "http://127.0.0.1:{port}",
            ["Portal__DataPath"] = DataFolder,
            ["Portal__CertificatesPath"] = Path.Combine(_folder, "certs"),
            ["Portal__FileLogging"] = "false",
            ["Simulators__AllowOutsideDevelopment"] = "true",

            // The limits protect a real deployment from one address; here one address is the whole crowd.
            ["RateLimits__SignInPerMinute"] = "1000000",
            ["RateLimits__LoginPerMinute"] = "1000000",
            ["RateLimits__CallbackPerMinute"] = "1000000",
            ["RateLimits__CheckInPerMinute"] = "1000000",
        };
        foreach (var (key, value) in BenchOptions.PortalSettings.Concat(extra ?? []))
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Creates the staff account with the portal's own command, as the README tells operators to.</summary>
    public async Task AddStaffAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = publishFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Dll, "staff", "add", StaffUser, "--password-stdin" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment())
        {
            start.Environment[key] = value.Replace("{port}", "5000", StringComparison.Ordinal);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The staff command did not start.");
        await process.StandardInput.WriteLineAsync(StaffPassword);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"staff add failed ({process.ExitCode}): {output}{error}");
        }
    }

    public Task<ServerProcess> StartAsync(Dictionary<string, string>? extra = null) =>
        ServerProcess.StartAsync(Dll, publishFolder, Environment(extra), "/healthz");

    /// <summary>Bytes on disk of the portal's and the simulators' databases (WAL files included).</summary>
    public long DatabaseBytes() =>
        Directory.Exists(DataFolder)
            ? Directory.EnumerateFiles(DataFolder, "*.db*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
