using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Bench;

/// <summary>
/// The benchmark suite (run it with <c>bench/run.sh</c>, which publishes what it needs first):
/// <c>dotnet MyInfoPortal.Bench.dll --portal DIR --stock DIR --e2e DIR [--runs 3] [--seconds 10] [--sustained-minutes 10]</c>.
/// Every figure is printed beside a reference measured in the same run, and their ratio; nothing here is
/// a test. Each sign-in and check-in is checked to have really happened, and failures are reported.
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: MyInfoPortal.Bench --portal DIR --stock DIR --e2e DIR [--runs N] [--seconds S] [--sustained-minutes M] [--only signins,kiosk,endpoints,person,scale,sustained] [--env Key=Value ...]");
            return 2;
        }

        if (!Enumerable.Range(0, 1000).All(n => Nric.IsValid(Nrics.Make(n))))
        {
            throw new InvalidOperationException("The benchmark's NRIC maker disagrees with the portal's checksum.");
        }

        var total = Stopwatch.StartNew();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MyInfoPortal benchmark · {Environment.ProcessorCount} cores · .NET {Environment.Version} · {options.Runs} runs of {options.Seconds} s · sustained {options.SustainedMinutes} min"));

        var suite = new Suite(options);
        var failures = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            Console.WriteLine($"\n== run {run} of {options.Runs}");
            failures.AddRange(await suite.RunOnceAsync());
        }

        DataScale? scale = null;
        if (options.Includes("scale"))
        {
            Console.WriteLine("\n== data at scale");
            scale = await DataScale.RunAsync(options);
            failures.AddRange(scale.Failures);
        }

        Sustained? sustained = null;
        if (options.Includes("sustained") && options.SustainedMinutes > 0)
        {
            Console.WriteLine("\n== sustained sign-ins");
            sustained = await Sustained.RunAsync(options);
            failures.AddRange(sustained.Failures);
        }

        Console.WriteLine("\n## Results\n");
        Table.Print(Console.Out, suite.Figures.Where(f => f.HasRuns).Select(f => f.Cells()),
            ["figure", "value: median (min-max)", "reference in the same run", "ratio", "target", ""]);
        Console.WriteLine();
        scale?.Print(Console.Out);
        Console.WriteLine();
        sustained?.Print(Console.Out);

        Console.WriteLine();
        Console.WriteLine(failures.Count == 0
            ? $"Checked: all {suite.SignIns:N0} sign-ins ended on the persona's profile, all {suite.CheckIns:N0} kiosk check-ins were accepted by the gateway simulator exactly once, and the sustained run's {sustained?.SignIns ?? 0:N0} sign-ins all succeeded."
            : "FAILURES:\n  " + string.Join("\n  ", failures));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Benchmark took {total.Elapsed.TotalMinutes:0.0} minutes."));
        return failures.Count == 0 ? 0 : 1;
    }
}

internal sealed record BenchOptions(string Portal, string Stock, string E2e, int Runs, int Seconds, double SustainedMinutes, string[] Only)
{
    /// <summary>Extra settings for the portal (<c>--env Key=Value</c>, repeatable), to measure a configuration.</summary>
    public static Dictionary<string, string> PortalSettings { get; } = [];

    /// <summary>Whether this part runs: all do unless <c>--only a,b</c> names some (signins, kiosk, endpoints, person, scale, sustained).</summary>
    public bool Includes(string part) => Only.Length == 0 || Only.Contains(part, StringComparer.Ordinal);

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public static BenchOptions? Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--env" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                PortalSettings[key] = value;
            }
        }

        var portal = Value("--portal");
        var stock = Value("--stock");
        var e2e = Value("--e2e");
        if (portal is null || stock is null || e2e is null)
        {
            return null;
        }

        return new BenchOptions(Path.GetFullPath(portal), Path.GetFullPath(stock), Path.GetFullPath(e2e),
            int.Parse(Value("--runs") ?? "3", CultureInfo.InvariantCulture),
            int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture),
            double.Parse(Value("--sustained-minutes") ?? "10", CultureInfo.InvariantCulture),
            (Value("--only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

/// <summary>One run of every figure except the data-at-scale and sustained ones.</summary>
internal sealed class Suite(BenchOptions options)
{
    private const int SignInConcurrency = 16;
    private const int KioskConcurrency = 8;

    /// <summary>
    /// The pages a sign-in's server renders (see <see cref="SignInJourney"/>): home, persona picker, consent,
    /// callback, profile.
    /// </summary>
    private const int PagesPerSignIn = 5;

    /// <summary>Its other server requests, each with a trivial answer: three redirects (login, consent, continue), the token and person endpoints.</summary>
    private const int BareRequestsPerSignIn = 5;

    /// <summary>Requests a sign-in makes as a client: the portal's token and person calls.</summary>
    private const int ClientCallsPerSignIn = 2;

    /// <summary>The browser's requests in one sign-in, over which the driver's CPU is shared.</summary>
    private const int BrowserRequestsPerSignIn = 8;

    /// <summary>The portal signs two PKI_SIGN headers and unwraps the person JWE key; the simulator signs the access token and the person JWS.</summary>
    internal const int PrivateKeyOpsPerSignIn = 5;
    private const int PrivateKeyOpsPerCheckIn = 2;

    private readonly Figure _signIns = new("Complete sign-ins per second, concurrency 16", "/s", "RSA bound (cores × signs/s ÷ 5)", "≥ 0.40", r => r >= 0.40);
    private readonly Figure _signInCpu = new("Server CPU per sign-in", "ms", "its 5 private-key ops (openssl)", "≤ 3.0", r => r <= 3.0);
    private readonly Figure _busy = new("Machine busy during sign-ins", "%", "all cores", "≥ 0.95", r => r >= 0.95);
    private readonly Figure _signInDriver = new("Load driver CPU per sign-in (this process)", "ms", "its 5 private-key ops (openssl)", "", null);
    private readonly Figure _signInCeiling = new("Sign-ins per second if the server did only its RSA (the driver shares the cores)", "/s", "RSA bound", "", null);
    private readonly Figure _signInFloor = new("A sign-in's floor: 5 pages at the stock MVC page's CPU, 5 redirects and JSON calls at /healthz's, 2 client calls at the driver's, its RSA", "ms", "its 5 private-key ops (openssl)", "", null);
    private readonly Figure _checkIns = new("Kiosk check-ins accepted end to end, concurrency 8", "/s", "RSA bound (cores × signs/s ÷ 2)", "≥ 0.25", r => r >= 0.25);
    private readonly Figure _checkInDriver = new("Load driver CPU per kiosk check-in (this process)", "ms", "its 2 private-key ops (openssl)", "", null);
    private readonly Figure _checkInCeiling = new("Check-ins per second if the server did only its RSA (the driver shares the cores)", "/s", "RSA bound", "", null);
    private readonly Figure _healthz = new("/healthz server CPU per request", "µs", "static file", "≤ 2.0", r => r <= 2.0);
    private readonly Figure _ready = new("/healthz/ready server CPU per request", "µs", "static file", "≤ 2.0", r => r <= 2.0);
    private readonly Figure _home = new("Home page requests per second", "/s", "stock `dotnet new mvc` home page", "≥ 0.85", r => r >= 0.85);
    private readonly Figure _homeCpu = new("Home page server CPU per request", "µs", "static file", "", null);
    private readonly Figure _person = new("Person response decrypt + verify (4 KB), one thread", "/s", "bound: 1 private op + 1 verify (openssl)", "≥ 0.90", r => r >= 0.90);
    private readonly Figure _nodeJose = new("Node `jose`: the same decrypt + verify", "/s", "bound: 1 private op + 1 verify (openssl)", "", null);

    public IEnumerable<Figure> Figures => [_signIns, _signInCpu, _busy, _signInDriver, _signInCeiling, _signInFloor, _checkIns, _checkInDriver, _checkInCeiling, _healthz, _ready, _home, _homeCpu, _person, _nodeJose];

    public RsaSpeed? LastSpeed { get; private set; }

    public int SignIns { get; private set; }

    public int CheckIns { get; private set; }

    public async Task<List<string>> RunOnceAsync()
    {
        var failures = new List<string>();
        var speed = LastSpeed = await RsaSpeed.MeasureAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"openssl rsa2048: {speed.SignsPerSecondOneCore:N0} signs/s and {speed.VerifiesPerSecondOneCore:N0} verifies/s on one core, {speed.SignsPerSecondAllCores:N0} signs/s on all"));

        using (var portal = new PortalHost(options.Portal))
        {
            await portal.AddStaffAsync();
            await using var server = await portal.StartAsync();

            if (options.Includes("signins"))
            {
                failures.AddRange(await SignInsAsync(server, speed));
            }

            if (options.Includes("kiosk"))
            {
                failures.AddRange(await KioskAsync(portal, server, speed));
            }

            if (options.Includes("endpoints"))
            {
                await EndpointsAsync(server);
            }
        }

        if (options.Includes("endpoints"))
        {
            await StockAsync();
        }

        if (options.Includes("person"))
        {
            using var person = new PersonCrypto();
            var (ours, bound, nodeBound) = await person.MeasureAgainstBoundAsync(pairs: 3, TimeSpan.FromSeconds(1));
            var node = await person.MeasureNodeJoseAsync(options.E2e, TimeSpan.FromSeconds(2));
            _person.Add(ours, bound);
            _nodeJose.Add(node, nodeBound);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"person response: portal {ours:N0}/s against a bound of {bound:N0}/s (median of three pairs), Node jose {node:N0}/s against the last pair's bound, {nodeBound:N0}/s"));
        }

        return failures;
    }

    private async Task<List<string>> SignInsAsync(ServerProcess server, RsaSpeed speed)
    {
        var failures = new List<string>();

        // A warm-up long enough for tiered compilation to settle (on two busy cores it takes a while), then
        // the measured window.
        await Load.RunAsync(SignInConcurrency, TimeSpan.FromSeconds(10), _ => new Browser(Load.NewClient(), server.BaseUri), SignInJourney.RunAsync);
        var cpu = server.CpuTime;
        var driverCpu = DriverCpu();
        var machine = Machine.CpuJiffies();
        var signIns = await Load.RunAsync(SignInConcurrency, options.Duration, _ => new Browser(Load.NewClient(), server.BaseUri), SignInJourney.RunAsync);
        var busy = Machine.BusyShare(machine, Machine.CpuJiffies());
        var cpuPerSignIn = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, signIns.Succeeded);
        var driverPerSignIn = (DriverCpu() - driverCpu).TotalMilliseconds / Math.Max(1, signIns.Succeeded);
        var rsaPerSignIn = PrivateKeyOpsPerSignIn * speed.SignCost * 1000;
        var bound = speed.SignsPerSecondAllCores / PrivateKeyOpsPerSignIn;
        SignIns += signIns.Succeeded;
        _signIns.Add(signIns.PerSecond, bound);
        _signInCpu.Add(cpuPerSignIn, rsaPerSignIn);
        _busy.Add(busy * 100, 100);
        _signInDriver.Add(driverPerSignIn, rsaPerSignIn);
        _signInCeiling.Add(Ceiling(bound, rsaPerSignIn, driverPerSignIn), bound);
        _lastSignIn = (driverPerSignIn / BrowserRequestsPerSignIn, rsaPerSignIn);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sign-ins: {signIns.Succeeded:N0} in {signIns.Elapsed.TotalSeconds:0.0} s = {signIns.PerSecond:0.0}/s, {cpuPerSignIn:0.0} ms server CPU each, {driverPerSignIn:0.00} ms load driver CPU each, machine {busy:P0} busy, {signIns.Failed} failed{(signIns.FirstFailure is null ? "" : " (first: " + signIns.FirstFailure + ")")}"));
        if (signIns.Failed > 0)
        {
            failures.Add($"{signIns.Failed} sign-ins failed; the first: {signIns.FirstFailure}");
        }

        return failures;
    }

    private async Task<List<string>> KioskAsync(PortalHost portal, ServerProcess server, RsaSpeed speed)
    {
        var failures = new List<string>();
        var staff = new Browser(Load.NewClient(), server.BaseUri);
        await KioskJourney.SignInStaffAsync(staff, PortalHost.StaffUser, portal.StaffPassword);
        var before = await KioskJourney.CountsAsync(staff);

        // Each worker is a kiosk signed in as staff (sharing the one session's cookies would also work).
        var offset = Random.Shared.Next(0, 8_000_000);
        var cpu = server.CpuTime;
        var driverCpu = DriverCpu();
        var clock = Stopwatch.StartNew();
        var submitted = await Load.RunAsync(KioskConcurrency, options.Duration,
            _ => staff.Fork(), (browser, n) => KioskJourney.SubmitAsync(browser, offset + n));
        var submitTime = clock.Elapsed;
        var driverPerCheckIn = (DriverCpu() - driverCpu).TotalMilliseconds / Math.Max(1, submitted.Succeeded);

        var counts = await KioskJourney.CountsAsync(staff);
        while (counts.Pending > 0 && clock.Elapsed < submitTime + TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
            counts = await KioskJourney.CountsAsync(staff);
        }

        var elapsed = clock.Elapsed;
        var accepted = counts.Accepted - before.Accepted;
        var cpuPerCheckIn = (server.CpuTime - cpu).TotalMilliseconds / Math.Max(1, accepted);
        CheckIns += accepted;
        var receipts = GatewayReceipts(portal);
        var rsaPerCheckIn = PrivateKeyOpsPerCheckIn * speed.SignCost * 1000;
        var bound = speed.SignsPerSecondAllCores / PrivateKeyOpsPerCheckIn;
        _checkIns.Add(accepted / elapsed.TotalSeconds, bound);
        _checkInDriver.Add(driverPerCheckIn, rsaPerCheckIn);
        _checkInCeiling.Add(Ceiling(bound, rsaPerCheckIn, driverPerCheckIn), bound);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kiosk: {submitted.Succeeded:N0} submitted in {submitTime.TotalSeconds:0.0} s, all delivered after {elapsed.TotalSeconds:0.0} s = {accepted / elapsed.TotalSeconds:0.0}/s, {cpuPerCheckIn:0.0} ms server CPU each, {driverPerCheckIn:0.00} ms load driver CPU each; accepted {accepted:N0}, failed {counts.Failed}, still pending {counts.Pending}, gateway receipts {receipts:N0}"));
        if (submitted.Failed > 0)
        {
            failures.Add($"{submitted.Failed} kiosk submissions failed; the first: {submitted.FirstFailure}");
        }

        if (accepted != submitted.Succeeded || counts.Failed > 0 || counts.Pending > 0 || receipts != submitted.Succeeded)
        {
            failures.Add($"kiosk: {submitted.Succeeded} stored but {accepted} accepted, {counts.Failed} failed, {counts.Pending} pending, {receipts} gateway receipts");
        }

        return failures;
    }

    /// <summary>
    /// The bound assumes the cores do nothing but the journey's private-key operations. Here the load driver
    /// runs on the same cores, so even a server that spent nothing beyond its RSA could reach only the
    /// share of the bound that its RSA takes of RSA plus driver: the ceiling any server can reach on this machine.
    /// </summary>
    private static double Ceiling(double bound, double rsaMilliseconds, double driverMilliseconds) =>
        bound * rsaMilliseconds / (rsaMilliseconds + driverMilliseconds);

    /// <summary>This process's CPU time: the load driver's, as the benchmark does nothing else while it drives load.</summary>
    private static TimeSpan DriverCpu() => Machine.ProcessCpu(Environment.ProcessId);

    private static long GatewayReceipts(PortalHost portal)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(portal.DataFolder, "simulators.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM GatewayReceipts";
        return (long)command.ExecuteScalar()!;
    }

    private async Task EndpointsAsync(ServerProcess server)
    {
        var window = TimeSpan.FromSeconds(3);
        var staticFile = await CostAsync(server, "/favicon.svg", window);
        var healthz = await CostAsync(server, "/healthz", window);
        var ready = await CostAsync(server, "/healthz/ready", window);
        var home = await CostAsync(server, "/", window);
        _healthz.Add(healthz.CpuMicroseconds, staticFile.CpuMicroseconds);
        _ready.Add(ready.CpuMicroseconds, staticFile.CpuMicroseconds);
        _homeCpu.Add(home.CpuMicroseconds, staticFile.CpuMicroseconds);
        _lastHome = home.PerSecond;
        _lastHealthz = healthz.CpuMicroseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server CPU per request: static file {staticFile.CpuMicroseconds:0} µs, /healthz {healthz.CpuMicroseconds:0} µs, /healthz/ready {ready.CpuMicroseconds:0} µs, home {home.CpuMicroseconds:0} µs ({home.PerSecond:N0}/s)"));
    }

    private double _lastHome;

    private double _lastHealthz;

    /// <summary>The load driver's CPU per request and the RSA cost of a sign-in, from this run's sign-ins.</summary>
    private (double DriverPerRequestMs, double RsaMs)? _lastSignIn;

    private async Task StockAsync()
    {
        await using var stock = await ServerProcess.StartAsync(
            Path.Combine(options.Stock, "StockMvc.dll"), options.Stock, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        var home = await CostAsync(stock, "/", TimeSpan.FromSeconds(3));
        _home.Add(_lastHome, home.PerSecond);
        if (_lastSignIn is { DriverPerRequestMs: var driverPerRequest, RsaMs: var rsa })
        {
            // What a sign-in would cost if each page it renders were as cheap as the stock app's home page (no
            // database, cookies, antiforgery or JOSE), each of its other requests as cheap as a /healthz, and
            // each outbound call as cheap as one of the driver's requests: a floor under the server CPU per
            // sign-in on this stack, before any of the sign-in's own work.
            var floor = (PagesPerSignIn * home.CpuMicroseconds + BareRequestsPerSignIn * _lastHealthz) / 1000
                + ClientCallsPerSignIn * driverPerRequest + rsa;
            _signInFloor.Add(floor, rsa);
            _lastSignIn = null;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stock MVC home page: {home.PerSecond:N0}/s, {home.CpuMicroseconds:0} µs each"));
    }

    /// <summary>One GET repeated from 16 keep-alive connections: requests per second and server CPU per request.</summary>
    private static async Task<(double PerSecond, double CpuMicroseconds)> CostAsync(ServerProcess server, string path, TimeSpan window)
    {
        var clients = Enumerable.Range(0, 16).Select(_ => Load.NewClient()).ToArray();
        async Task Get(HttpClient client, int n)
        {
            using var response = await client.GetAsync(new Uri(server.BaseUri, path));
            if (!response.IsSuccessStatusCode)
            {
                throw new JourneyException($"{path}: HTTP {(int)response.StatusCode}");
            }

            await response.Content.ReadAsByteArrayAsync();
        }

        await Load.RunAsync(16, TimeSpan.FromSeconds(3), w => clients[w], Get);
        var cpu = server.CpuTime;
        var result = await Load.RunAsync(16, window, w => clients[w], Get);
        var used = server.CpuTime - cpu;
        if (result.Failed > 0)
        {
            throw new InvalidOperationException($"{path} failed {result.Failed} times: {result.FirstFailure}");
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        return (result.PerSecond, used.TotalMicroseconds / result.Succeeded);
    }
}
