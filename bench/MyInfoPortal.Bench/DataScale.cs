using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace MyInfoPortal.Bench;

/// <summary>
/// The staff log with 250,000 check-ins in the database (25 days of 10,000): the page, its status feed
/// (counts included) and the kiosk's status poll must each answer in under 50 ms, the CSV export of a
/// day must stream, and the queries behind them must use indexes (their plans are printed).
/// </summary>
internal sealed partial class DataScale
{
    private const int Days = 25;
    private const int PerDay = 10_000;
    private const double TargetMilliseconds = 50;

    private readonly List<(string Name, double Median, double Max)> _timings = [];
    private readonly List<(string Sql, string Plan, bool Indexed)> _plans = [];

    public List<string> Failures { get; } = [];

    private int _signInStatements;
    private int _signInWrites;
    private int _checkInStatements;
    private int _checkInWrites;
    private long _csvBytes;
    private long _csvRows;
    private double _csvGrowthMb;
    private double _emptyCsvGrowthMb;

    public static async Task<DataScale> RunAsync(BenchOptions options)
    {
        var result = new DataScale();
        using var portal = new PortalHost(options.Portal);
        await portal.AddStaffAsync();
        Guid template;
        await using (var first = await portal.StartAsync())
        {
            var staff = new Browser(Load.NewClient(), first.BaseUri);
            await KioskJourney.SignInStaffAsync(staff, PortalHost.StaffUser, portal.StaffPassword);
            template = await KioskJourney.SubmitAsync(staff, Random.Shared.Next(0, 8_000_000));
            var clock = Stopwatch.StartNew();
            while ((await KioskJourney.CountsAsync(staff)).Accepted < 1 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }

        var seeded = Seed(Path.Combine(portal.DataFolder, "portal.db"), template);
        Console.WriteLine($"seeded {seeded:N0} check-ins over {Days} days");

        // EF Core's command log is on for this instance only, to read back the SQL the pages ran.
        await using var server = await portal.StartAsync(new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        });
        // What one complete resident sign-in asks of the databases (the portal's and the simulators').
        var signInMark = server.Output.Count;
        await SignInJourney.RunAsync(new Browser(Load.NewClient(), server.BaseUri), 0);
        await Task.Delay(300);
        var statements = Statements(server.Output.Skip(signInMark));
        result._signInStatements = statements.Count;
        result._signInWrites = statements.Count(IsWrite);

        var browser = new Browser(Load.NewClient(), server.BaseUri);
        await KioskJourney.SignInStaffAsync(browser, PortalHost.StaffUser, portal.StaffPassword);

        // And what one kiosk check-in asks of them: the form, the post (which waits for the gateway's
        // answer), the dispatcher's send and the gateway simulator's receipt. The second of two, so the
        // first's one-time work (loading the visitor lookup key) is not counted.
        await KioskJourney.SubmitAsync(browser, Random.Shared.Next(0, 8_000_000));
        await Task.Delay(300);
        var kioskMark = server.Output.Count;
        await KioskJourney.SubmitAsync(browser, Random.Shared.Next(0, 8_000_000));
        await Task.Delay(300);
        var kioskStatements = Statements(server.Output.Skip(kioskMark));
        result._checkInStatements = kioskStatements.Count;
        result._checkInWrites = kioskStatements.Count(IsWrite);

        var logMark = server.Output.Count;
        await result.TimeAsync(browser, "Staff log page, today (10,000 rows that day)", "/kiosk/log");
        await result.TimeAsync(browser, "Staff log status feed with counts (auto-refresh)", "/kiosk/log/status");
        await result.TimeAsync(browser, "Kiosk status poll of one submission", $"/kiosk/status/{template}");
        result.ExplainQueries(server.Output.Skip(logMark), Path.Combine(portal.DataFolder, "portal.db"));

        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var empty = today.AddDays(-40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (result._emptyCsvGrowthMb, _, _) = await ExportAsync(server, browser, $"/kiosk/log.csv?date={empty}");
        (result._csvGrowthMb, result._csvBytes, result._csvRows) = await ExportAsync(server, browser, "/kiosk/log.csv");
        if (result._csvRows < PerDay)
        {
            result.Failures.Add($"The CSV export of today has {result._csvRows:N0} rows; the day has at least {PerDay:N0}.");
        }

        return result;
    }

    public void Print(TextWriter output)
    {
        Table.Print(output, _timings.Select(t => new[]
        {
            t.Name,
            $"{t.Median:0.0} ms (max {t.Max:0.0})",
            $"{TargetMilliseconds:0} ms",
            (t.Median / TargetMilliseconds).ToString("0.00", CultureInfo.InvariantCulture),
            t.Median < TargetMilliseconds ? "met" : "NOT met",
        }), [$"with {Days * PerDay:N0} check-ins", "response time over loopback: median of 20", "target", "ratio", ""]);
        output.WriteLine();
        output.WriteLine($"SQL statements per complete sign-in (portal and simulators together): {_signInStatements}, of which {_signInWrites} write");
        output.WriteLine($"SQL statements per kiosk check-in, form to gateway receipt (portal and simulators together): {_checkInStatements}, of which {_checkInWrites} write");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CSV export of today: {_csvRows:N0} rows, {_csvBytes / 1024.0 / 1024:0.0} MB; server memory grew {_csvGrowthMb:0.0} MB while it streamed (an empty day: {_emptyCsvGrowthMb:0.0} MB)"));
        output.WriteLine();
        output.WriteLine("Query plans of the SQL those requests ran:");
        foreach (var (sql, plan, indexed) in _plans)
        {
            output.WriteLine($"  {(indexed ? "indexed" : "SCANS A TABLE")}: {Shorten(sql)}");
            output.WriteLine($"      {plan.Replace("\n", "\n      ", StringComparison.Ordinal)}");
        }
    }

    private async Task TimeAsync(Browser browser, string name, string path)
    {
        var samples = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var response = await browser.GetAsync(path);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.Status != HttpStatusCode.OK)
            {
                Failures.Add($"{path}: HTTP {(int)response.Status}");
                return;
            }

            if (i > 0)
            {
                samples.Add(elapsed);
            }
        }

        _timings.Add((name, Figure.Median(samples), samples.Max()));
        Console.WriteLine($"{name}: median {Figure.Median(samples):0.0} ms");
    }

    private static async Task<(double GrowthMb, long Bytes, long Rows)> ExportAsync(ServerProcess server, Browser browser, string path)
    {
        var before = server.ResidentBytes;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ResidentBytes);
                await Task.Delay(2);
            }
        });
        var response = await browser.GetAsync(path);
        await sampling.CancelAsync();
        await sampler;
        if (response.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.Status}");
        }

        var rows = response.Body.Count(c => c == '\n') - 1;
        return ((peak - before) / 1024.0 / 1024, System.Text.Encoding.UTF8.GetByteCount(response.Body), rows);
    }

    /// <summary>
    /// Copies the one real, accepted check-in into 250,000: 10,000 a day for 25 days ending now, each with
    /// its own submission id and visitor lookup, straight into the SQLite file while the portal is stopped.
    /// </summary>
    private static long Seed(string database, Guid template)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('CheckIns')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var copied = columns.Where(c => c is not ("Id" or "SubmissionId" or "SubLookup" or "CreatedAt" or "NextAttemptAt")).ToList();
        string RandomGuidSql() => "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";

        // Today (Singapore time) from its midnight up to a minute ago; earlier days across the whole day.
        var nowUtc = DateTime.UtcNow;
        var localMidnightUtc = nowUtc.AddHours(8).Date.AddHours(-8);
        var todaySpan = (nowUtc - localMidnightUtc - TimeSpan.FromMinutes(1)).TotalSeconds;
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Days * PerDay - 1})
            INSERT INTO CheckIns ({string.Join(", ", copied)}, SubmissionId, SubLookup, CreatedAt, NextAttemptAt)
            SELECT {string.Join(", ", copied.Select(c => "t." + c))}, {RandomGuidSql()}, lower(hex(randomblob(32))),
                   strftime('%Y-%m-%d %H:%M:%f', $midnight, '-' || (n.i / {PerDay}) || ' days',
                       '+' || ((n.i % {PerDay}) * (CASE WHEN n.i / {PerDay} = 0 THEN $todaySpan ELSE 86000.0 END) / {PerDay}) || ' seconds'),
                   t.NextAttemptAt
            FROM n, (SELECT * FROM CheckIns WHERE SubmissionId = $template) AS t
            """;
        insert.Parameters.AddWithValue("$midnight", localMidnightUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$todaySpan", todaySpan);
        insert.Parameters.AddWithValue("$template", template.ToString().ToUpperInvariant());
        var rows = insert.ExecuteNonQuery();
        transaction.Commit();
        if (rows != Days * PerDay - 1)
        {
            throw new InvalidOperationException($"Seeding copied {rows} rows; is the template check-in {template} missing?");
        }

        return rows + 1;
    }

    /// <summary>EXPLAIN QUERY PLAN for each distinct statement the portal logged, parameters bound to NULL.</summary>
    private void ExplainQueries(IEnumerable<string> log, string database)
    {
        var statements = new HashSet<string>(Statements(log), StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        foreach (var sql in statements.Where(s => s.Contains("CheckIns", StringComparison.Ordinal) && !s.StartsWith("INSERT", StringComparison.Ordinal)))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in ParameterPattern().Matches(sql).Select(m => m.Value).Distinct())
            {
                command.Parameters.AddWithValue(name, DBNull.Value);
            }

            var plan = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            // "SCAN CheckIns" (or its alias) without an index reads every row; "SEARCH ... USING INDEX" does
            // not, nor does a SCAN of a subquery's result (named by a CO-ROUTINE or MATERIALIZE line).
            var subqueries = plan.Select(p => SubqueryPattern().Match(p)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var indexed = !plan.Select(p => ScanPattern().Match(p))
                .Any(m => m.Success && !subqueries.Contains(m.Groups[1].Value) && !m.Value.Contains("INDEX", StringComparison.Ordinal));
            _plans.Add((sql, string.Join("\n", plan), indexed));
            if (!indexed)
            {
                Failures.Add("A staff-log query scans a table: " + Shorten(sql));
            }
        }
    }

    /// <summary>The SQL of every command EF Core logged as executed, in order.</summary>
    private static List<string> Statements(IEnumerable<string> log)
    {
        var statements = new List<string>();
        string? current = null;
        foreach (var line in log.Append("[end]"))
        {
            if (line.StartsWith('['))
            {
                if (current is not null)
                {
                    statements.Add(current.Trim());
                }

                current = line.Contains("Executed DbCommand", StringComparison.Ordinal) ? string.Empty : null;
                continue;
            }

            if (current is not null)
            {
                current += line + "\n";
            }
        }

        return statements;
    }

    private static bool IsWrite(string sql) =>
        sql.Split((char[])[' ', '\n'], 2)[0].ToUpperInvariant() is "INSERT" or "UPDATE" or "DELETE";

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 160 ? flat[..160] + "…" : flat;
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^SCAN (\w+).*$")]
    private static partial Regex ScanPattern();

    [GeneratedRegex(@"^(?:CO-ROUTINE|MATERIALIZE) (\w+)")]
    private static partial Regex SubqueryPattern();
}
