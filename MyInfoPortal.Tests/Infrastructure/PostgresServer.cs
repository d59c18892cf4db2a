using System.Globalization;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster for one test class: initdb into a temp folder, started on a free
/// loopback port, stopped and removed on dispose. Uses Debian's server binaries (test.sh installs the
/// postgresql package); as root it runs them as the postgres user, since the server refuses root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;
    private readonly string _root;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        _dataDir = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15");

    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries not found: run ./test.sh, which installs the postgresql package.");
        var root = Directory.CreateTempSubdirectory("mip-pg-").FullName;
        var server = new PostgresServer(bin, root, FreePort.Next());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "-R", "postgres:postgres", root);
        }

        await server.AsServerUserAsync("initdb", "-D", server._dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync");
        await server.AsServerUserAsync("pg_ctl", "-D", server._dataDir, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {server.Port} -k {root} -h 127.0.0.1 -c fsync=off"), "start");
        return server;
    }

    public async Task CreateDatabaseAsync(string name) =>
        await AsServerUserAsync("createdb", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsServerUserAsync("pg_ctl", "-D", _dataDir, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task AsServerUserAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var result = await ChildProcess.RunAsync(file, args, "/", timeout: TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardOutput}{result.StandardError}");
        }
    }
}
