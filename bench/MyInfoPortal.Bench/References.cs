using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Bench;

/// <summary>What RSA-2048 costs on this machine, as <c>openssl speed</c> measures it.</summary>
internal sealed record RsaSpeed(double SignsPerSecondOneCore, double VerifiesPerSecondOneCore, double SignsPerSecondAllCores)
{
    /// <summary>Seconds of one core one private-key operation takes.</summary>
    public double SignCost => 1 / SignsPerSecondOneCore;

    public static async Task<RsaSpeed> MeasureAsync()
    {
        var one = await RunAsync("speed", "-seconds", "1", "rsa2048");
        var all = await RunAsync("speed", "-seconds", "1", "-multi", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), "rsa2048");
        return new RsaSpeed(one.Sign, one.Verify, all.Sign);
    }

    /// <summary>
    /// Seconds of one core per RSA-2048 sign, by one second of <c>openssl speed</c>. openssl divides by the
    /// CPU time it was given, not by the wall clock, so the figure holds while other work shares the cores:
    /// the sustained run takes one each minute to tell a slower machine from a slower portal.
    /// </summary>
    public static async Task<double> MeasureSignCostAsync() => 1 / (await RunAsync("speed", "-seconds", "1", "rsa2048")).Sign;

    /// <summary>One private-key operation plus one verify per second of one core's CPU, by <c>openssl speed</c>.</summary>
    public static async Task<double> MeasureOpenAndVerifyBoundAsync()
    {
        var (sign, verify) = await RunAsync("speed", "-seconds", "1", "rsa2048");
        return 1 / (1 / sign + 1 / verify);
    }

    private static async Task<(double Sign, double Verify)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // "rsa 2048 bits 0.000247s 0.000015s   4041.9  66566.0" (with -multi: "rsa 2048 bits ... sign/s verify/s" too)
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("rsa 2048 bits", StringComparison.Ordinal) || l.StartsWith("rsa  2048 bits", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("openssl speed printed no rsa 2048 line:\n" + output);
        var numbers = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => !t.EndsWith('s') && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        return (numbers[^2], numbers[^1]);
    }
}

/// <summary>
/// The person response as the portal opens it (RSA-OAEP + A256GCM decrypt, then RS256 verify of the quoted
/// JWS inside, through the portal's own codecs), and the same job done by Node's <c>jose</c>.
/// </summary>
internal sealed class PersonCrypto : IDisposable
{
    private readonly RSA _portalKey = RSA.Create(2048);
    private readonly RSA _myInfoKey = RSA.Create(2048);
    private readonly string _jwe;

    public PersonCrypto()
    {
        // About 4 KB of person JSON.
        var person = Encoding.UTF8.GetBytes("{\"name\":{\"value\":\"TAN XIAO HUI\"}," + string.Concat(Enumerable.Range(0, 60).Select(i => $"\"attr{i}\":{{\"value\":\"value-{i:D4}-padding-padding\"}},")) + "\"uinfin\":{\"value\":\"S9812381D\"}}");
        var jws = JwsCodec.Sign(person, _myInfoKey);
        _jwe = JweCodec.Encrypt(Encoding.ASCII.GetBytes('"' + jws + '"'), _portalKey);
    }

    /// <summary>
    /// The portal's figure against its bound, in <paramref name="pairs"/> back-to-back pairs: a second of
    /// <c>openssl speed</c>, then a second of opening the response on one thread. This machine's speed moves
    /// by 10-30 % within a minute, so each ratio is taken from a pair measured seconds apart, and the pair
    /// with the median ratio is the result. Both sides are divided by CPU time, not wall time, as openssl
    /// does, so a pause in which the machine ran something else counts for neither.
    /// </summary>
    /// <returns>The median pair, and the bound of the last pair (for a measurement that follows at once).</returns>
    public async Task<(double PerSecond, double Bound, double LastBound)> MeasureAgainstBoundAsync(int pairs, TimeSpan each)
    {
        // Warm-up long enough for tiered compilation to replace the first code of the codecs.
        Run(TimeSpan.FromSeconds(1));
        var results = new List<(double PerSecond, double Bound)>();
        for (var i = 0; i < pairs; i++)
        {
            var bound = await RsaSpeed.MeasureOpenAndVerifyBoundAsync();
            results.Add((Run(each), bound));
        }

        var median = results.OrderBy(r => r.PerSecond / r.Bound).ElementAt(results.Count / 2);
        return (median.PerSecond, median.Bound, results[^1].Bound);
    }

    /// <summary>Opens it on this thread for the given wall time; returns how many per second of the process's CPU.</summary>
    private double Run(TimeSpan duration)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Open();
            count++;
        }

        process.Refresh();
        return count / (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    }

    /// <summary>The same job in Node's <c>jose</c> (installed by <c>npm ci</c> in tools/e2e), one thread.</summary>
    public async Task<double> MeasureNodeJoseAsync(string e2eFolder, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("mip-bench-jose-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "person.jwe"), _jwe);
            await File.WriteAllTextAsync(Path.Combine(folder, "portal-private.pem"), _portalKey.ExportPkcs8PrivateKeyPem());
            await File.WriteAllTextAsync(Path.Combine(folder, "myinfo-public.pem"), _myInfoKey.ExportSubjectPublicKeyInfoPem());
            var start = new ProcessStartInfo("node") { WorkingDirectory = e2eFolder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(e2eFolder, "scripts", "person-decrypt-bench.mjs"));
            start.ArgumentList.Add(folder);
            start.ArgumentList.Add(duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("Node jose benchmark failed: " + error);
            }

            return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Open()
    {
        var quoted = JweCodec.Decrypt(_jwe, _portalKey);
        var payload = JwsCodec.Verify(Encoding.ASCII.GetString(quoted).Trim('"'), _myInfoKey);
        if (payload.Length == 0)
        {
            throw new InvalidOperationException("Empty person payload.");
        }
    }

    public void Dispose()
    {
        _portalKey.Dispose();
        _myInfoKey.Dispose();
    }
}
