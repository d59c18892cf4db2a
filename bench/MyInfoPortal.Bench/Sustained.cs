using System.Diagnostics;
using System.Globalization;

namespace MyInfoPortal.Bench;

/// <summary>
/// Sign-ins at concurrency 16 without a pause, minute by minute: throughput, server CPU per sign-in,
/// resident memory and the size of the databases, so a cost that grows with time shows. The machine's own
/// speed drifts from minute to minute on a shared host, so each minute also measures an RSA-2048 sign
/// (<c>openssl speed</c>, per CPU second) and states the CPU per sign-in as a multiple of its five signs.
/// The portal runs with its retention settings shortened (<see cref="ShortRetention"/>) so that every row
/// a sign-in leaves behind reaches its purge within the run: from the middle on, housekeeping deletes as
/// many rows a minute as the sign-ins add, its cost is in the figures, and the files must stop growing.
/// </summary>
internal sealed class Sustained
{
    private readonly List<(int Minute, double PerSecond, double BoundShare, double CpuMs, double CryptoRatio, double RssMb, double DbMb)> _minutes = [];

    /// <summary>
    /// Operator settings (the defaults keep flows and codes an hour past expiry and profiles 15 minutes,
    /// longer than the run) that bring every sign-in row to its purge within about three minutes: flows and
    /// simulator codes a minute past a minute's life, profiles after two minutes, nonces after twice the
    /// simulator's one-minute skew; the purges run every minute.
    /// </summary>
    public static readonly Dictionary<string, string> ShortRetention = new()
    {
        ["MyInfo__StateLifetime"] = "00:01:00",
        ["MyInfo__FlowRetention"] = "00:01:00",
        ["MyInfo__ProfileLifetime"] = "00:02:00",
        ["Simulators__MyInfo__CodeLifetime"] = "00:01:00",
        ["Simulators__MyInfo__CodeRetention"] = "00:01:00",
    };

    public List<string> Failures { get; } = [];

    public int SignIns { get; private set; }

    public static async Task<Sustained> RunAsync(BenchOptions options)
    {
        var result = new Sustained();
        using var portal = new PortalHost(options.Portal);
        await using var server = await portal.StartAsync(ShortRetention);
        Console.WriteLine("sustained: " + string.Join(", ", ShortRetention.Select(s => s.Key.Replace("__", ":", StringComparison.Ordinal) + "=" + s.Value)));
        var succeeded = 0;
        var total = TimeSpan.FromMinutes(options.SustainedMinutes);
        var slice = TimeSpan.FromMinutes(Math.Min(1, options.SustainedMinutes / 2));

        var load = Load.RunAsync(16, total, _ => new Browser(Load.NewClient(), server.BaseUri), async (browser, n) =>
        {
            await SignInJourney.RunAsync(browser, n);
            Interlocked.Increment(ref succeeded);
        });

        var clock = Stopwatch.StartNew();
        var lastCount = 0;
        var lastCpu = server.CpuTime;
        var lastTime = TimeSpan.Zero;
        var minute = 0;
        var signCost = RsaSpeed.MeasureSignCostAsync();
        while (!load.IsCompleted)
        {
            var next = lastTime + slice;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero && await Task.WhenAny(load, Task.Delay(wait)) == load)
            {
                break;
            }

            var count = Volatile.Read(ref succeeded);
            var cpu = server.CpuTime;
            var elapsed = clock.Elapsed;
            minute++;
            var perSecond = (count - lastCount) / (elapsed - lastTime).TotalSeconds;
            var cpuMs = (cpu - lastCpu).TotalMilliseconds / Math.Max(1, count - lastCount);
            var cryptoMs = Suite.PrivateKeyOpsPerSignIn * await signCost * 1000;

            // The RSA bound this minute (cores × one core's signs ÷ 5), so a minute in which the machine itself
            // ran slow is told apart from one in which the portal did.
            var boundShare = perSecond / (Environment.ProcessorCount * 1000 / cryptoMs);
            var rssMb = server.ResidentBytes / 1024.0 / 1024;
            var dbMb = portal.DatabaseBytes() / 1024.0 / 1024;
            result._minutes.Add((minute, perSecond, boundShare, cpuMs, cpuMs / cryptoMs, rssMb, dbMb));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"minute {minute}: {perSecond:0.0} sign-ins/s ({boundShare:0.000} of the RSA bound this minute), {cpuMs:0.0} ms CPU each ({cpuMs / cryptoMs:0.0}x its 5 signs by openssl this minute: {cryptoMs:0.00} ms), RSS {rssMb:0} MB, databases {dbMb:0.0} MB"));
            (lastCount, lastCpu, lastTime) = (count, cpu, elapsed);
            signCost = RsaSpeed.MeasureSignCostAsync();
        }

        await signCost;
        var outcome = await load;
        result.SignIns = outcome.Succeeded;
        if (outcome.Failed > 0)
        {
            result.Failures.Add($"{outcome.Failed} sustained sign-ins failed; the first: {outcome.FirstFailure}");
        }

        return result;
    }

    public void Print(TextWriter output)
    {
        if (_minutes.Count < 2)
        {
            output.WriteLine("Sustained run too short to compare its first and last minutes.");
            return;
        }

        var first = _minutes[0];
        var middle = _minutes[(_minutes.Count - 1) / 2];
        var last = _minutes[^1];
        string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture);
        Table.Print(output,
        [
            ["Sign-ins per second", Figure.Format(first.PerSecond), Figure.Format(last.PerSecond), Ratio(last.PerSecond, first.PerSecond), "≥ 0.90", last.PerSecond / first.PerSecond >= 0.9 ? "met" : "NOT met"],
            ["The same ÷ the RSA bound that minute (openssl)", first.BoundShare.ToString("0.000", CultureInfo.InvariantCulture), last.BoundShare.ToString("0.000", CultureInfo.InvariantCulture), Ratio(last.BoundShare, first.BoundShare), "≥ 0.90", last.BoundShare / first.BoundShare >= 0.9 ? "met" : "NOT met"],
            ["Server CPU per sign-in (ms)", Figure.Format(first.CpuMs), Figure.Format(last.CpuMs), Ratio(last.CpuMs, first.CpuMs), "≤ 1.10", last.CpuMs / first.CpuMs <= 1.1 ? "met" : "NOT met"],
            ["The same ÷ its 5 signs by openssl that minute", Figure.Format(first.CryptoRatio), Figure.Format(last.CryptoRatio), Ratio(last.CryptoRatio, first.CryptoRatio), "≤ 1.10", last.CryptoRatio / first.CryptoRatio <= 1.1 ? "met" : "NOT met"],
            ["Resident memory (MB)", Figure.Format(first.RssMb), Figure.Format(last.RssMb), Ratio(last.RssMb, first.RssMb), "≤ 1.50", last.RssMb / first.RssMb <= 1.5 ? "met" : "NOT met"],
            ["Databases on disk (MB)", Figure.Format(first.DbMb), Figure.Format(last.DbMb), Ratio(last.DbMb, first.DbMb), "", ""],
            [$"The same, last slice ÷ slice {middle.Minute} (rows purged as fast as they come)", Figure.Format(middle.DbMb), Figure.Format(last.DbMb), Ratio(last.DbMb, middle.DbMb), "≤ 1.10", last.DbMb / middle.DbMb <= 1.1 ? "met" : "NOT met"],
        ], [$"sustained, concurrency 16, {_minutes.Count} slices", "first slice", "last slice", "last ÷ first", "target", ""]);
    }
}
