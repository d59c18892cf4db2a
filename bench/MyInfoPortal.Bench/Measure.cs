using System.Diagnostics;
using System.Globalization;

namespace MyInfoPortal.Bench;

/// <summary>
/// A small timing harness: warm-up, then a fixed number of timed operations, reporting throughput and
/// latency percentiles. Figures are printed, never asserted: targets live here, not in tests.
/// </summary>
internal static class Measure
{
    public static void Header()
    {
        Console.WriteLine($"{"benchmark",-44} {"ops",8} {"ops/s",12} {"p50 µs",10} {"p95 µs",10} {"p99 µs",10}");
        Console.WriteLine(new string('-', 98));
    }

    public static void Run(string name, int operations, Action operation, int warmup = 50)
    {
        for (var i = 0; i < warmup; i++)
        {
            operation();
        }

        var samples = new double[operations];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < operations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            operation();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        total.Stop();
        Report(name, samples, total.Elapsed);
    }

    public static async Task RunAsync(string name, int operations, int concurrency, Func<int, Task> operation)
    {
        var samples = new double[operations];
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(i);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        });
        await Task.WhenAll(workers);
        total.Stop();
        Report(name, samples, total.Elapsed);
    }

    private static void Report(string name, double[] samples, TimeSpan elapsed)
    {
        Array.Sort(samples);
        double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
        var rate = samples.Length / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} {samples.Length,8} {rate,12:N0} {Percentile(0.50),10:N1} {Percentile(0.95),10:N1} {Percentile(0.99),10:N1}"));
    }
}
