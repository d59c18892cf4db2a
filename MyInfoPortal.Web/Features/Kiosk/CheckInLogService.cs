using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <param name="Status">Only rows in this state; null for all.</param>
public sealed record LogFilter(DateOnly Date, string? VenueId, CheckInStatus? Status = null)
{
    /// <summary>
    /// The filter as the log's query parameters (date, then venue and status when set), for links, forms
    /// and redirects that keep the staff member on the same view of the log.
    /// </summary>
    public Dictionary<string, string> RouteValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["date"] = Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (VenueId is not null)
        {
            values["venue"] = VenueId;
        }

        if (Status is { } status)
        {
            values["status"] = LogStatus.Key(status);
        }

        return values;
    }
}

/// <summary>One submission as staff see it: masked values, a status with words and, if any, the reason.</summary>
public sealed record LogRow(
    long Id,
    Guid SubmissionId,
    DateTime Time,
    string VenueId,
    string VenueName,
    string? TenantId,
    string ActionType,
    string SubType,
    string SubMasked,
    string MobileMasked,
    CheckInSource Source,
    CheckInStatus Status,
    int Attempts,
    string StatusText,
    string? Reason,
    string? Field)
{
    public bool CanRetry => Status is CheckInStatus.Failed or CheckInStatus.NeedsAttention;

    public string StatusKey => LogStatus.Key(Status);
}

public sealed record LogCounts(int Total, int CheckIns, int CheckOuts, int CheckedIn, int Accepted, int Pending, int Failed, int NeedsAttention, int Unconfirmed = 0);

public sealed record LogPage(
    LogFilter Filter,
    bool IsToday,
    IReadOnlyList<LogRow> Rows,
    IReadOnlyList<LogRow> Unresolved,
    LogCounts Counts,
    IReadOnlyList<Venue> Venues,
    int RecentDays,
    int PastRetention = 0,
    int RetentionDays = 0,
    string? Notice = null);

/// <summary>
/// One row of the log table with what the row needs from its page: the filter its retry form carries back,
/// and whether its time shows the date (rows from earlier days do).
/// </summary>
public sealed record LogRowView(LogRow Row, LogFilter Filter, bool ShowDate);

public static class LogStatus
{
    public static string Key(CheckInStatus status) => status switch
    {
        CheckInStatus.Accepted => "accepted",
        CheckInStatus.Failed => "failed",
        CheckInStatus.NeedsAttention => "needsattention",
        CheckInStatus.Unconfirmed => "unconfirmed",
        _ => "pending",
    };

    /// <summary>The status a filter key names (the values of <see cref="Key"/>); null for anything else.</summary>
    public static CheckInStatus? Parse(string? key) =>
        Enum.GetValues<CheckInStatus>().Where(s => Key(s) == key).Select(s => (CheckInStatus?)s).FirstOrDefault();

    public static string Text(CheckInStatus status) => status switch
    {
        CheckInStatus.Accepted => "Accepted",
        CheckInStatus.Failed => "Failed",
        CheckInStatus.NeedsAttention => "Needs attention",
        CheckInStatus.Unconfirmed => "Delivery unconfirmed",
        _ => "Pending",
    };

    /// <summary>Why a submission is where it is, in words staff can act on; null when accepted.</summary>
    public static (string? Reason, string? Field) Explain(CheckInStatus status, int attempts, string? lastError)
    {
        switch (status)
        {
            case CheckInStatus.Failed:
                var mapped = GatewayErrors.Map(lastError);
                return mapped is null
                    ? ("Refused by SafeEntry.", null)
                    : (mapped.Field is null ? mapped.Message : $"{mapped.Message} (SafeEntry: \u201c{mapped.GatewayMessage}\u201d)", mapped.Field);
            case CheckInStatus.NeedsAttention:
                return ("Not delivered" + (string.IsNullOrWhiteSpace(lastError) ? $" after {attempts} attempts." : $": {lastError.Trim()}") + " Check the gateway, then retry.", null);
            case CheckInStatus.Unconfirmed:
                return ("Sent, but SafeEntry's answer never came" + (string.IsNullOrWhiteSpace(lastError) ? "." : $": {lastError.Trim()}")
                    + " It is sent again only after a wait, so SafeEntry is not sent a second copy while it may still be working on the first;"
                    + " if SafeEntry did record it, it will hold the entry twice.", null);
            case CheckInStatus.Accepted when !string.IsNullOrWhiteSpace(lastError):
                return (lastError.Trim(), null);
            case CheckInStatus.Pending:
                return (attempts == 0
                    ? "Saved, sending\u2026"
                    : $"Saved, retrying (attempt {attempts + 1})" + (string.IsNullOrWhiteSpace(lastError) ? "" : $"; last answer: {lastError.Trim()}"), null);
            default:
                return (null, null);
        }
    }
}

/// <summary>The staff log: a day's submissions, unresolved recent ones, counts, and the CSV export.</summary>
public sealed class CheckInLogService(
    PortalDbContext db,
    VenueService venues,
    KioskClock clock,
    IOptions<KioskOptions> options,
    IOptions<SafeEntryOptions> safeEntry,
    TimeProvider time)
{
    /// <summary>
    /// Rows a page shows (the latest of the day); the counts and the CSV export always cover the whole day.
    /// A page of a few hundred rows renders in a few milliseconds; a busy day has thousands.
    /// </summary>
    public const int MaxRows = 200;

    /// <summary>
    /// The days the log can show: every real record lies between them, and the day, the day after it and
    /// the recent window before it exist in every time zone (0001-01-01 or 9999-12-31 would overflow).
    /// </summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2999, 12, 31);

    /// <summary>
    /// The filter of a log request: a missing or malformed date means today; a well-formed date outside
    /// <see cref="FirstDay"/>..<see cref="LastDay"/> gives null, for the caller to refuse.
    /// </summary>
    public LogFilter? Filter(string? date, string? venue, string? status = null)
    {
        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : clock.Today;
        if (day < FirstDay || day > LastDay)
        {
            return null;
        }

        var venueId = VenueIds.TryParseVenue(venue, out var id) ? id : null;
        return new LogFilter(day, venueId, LogStatus.Parse(status));
    }

    public async Task<LogPage> BuildAsync(LogFilter filter, CancellationToken cancellationToken)
    {
        var names = await venues.NamesAsync(cancellationToken);
        var (start, end) = clock.DayRange(filter.Date);
        var day = Query(filter.VenueId).Where(c => c.CreatedAt >= start && c.CreatedAt < end);

        // The counts are the whole day's, counted by the database (a busy day has more rows than a page
        // shows); the status filter picks the rows shown, the latest MaxRows of them.
        var shown = await day
            .Where(c => filter.Status == null || c.Status == filter.Status)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(MaxRows)
            .ToListAsync(cancellationToken);

        var recentDays = options.Value.RecentDays;
        var recentStart = clock.DayRange(filter.Date.AddDays(-recentDays)).Start;
        var unresolved = recentDays == 0
            ? []
            : await Query(filter.VenueId)
                .Where(c => c.CreatedAt >= recentStart && c.CreatedAt < start
                    // Every status but Accepted, named so the (Status, CreatedAt) index serves each one.
                    && (c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed
                        || c.Status == CheckInStatus.Failed || c.Status == CheckInStatus.NeedsAttention))
                .Where(c => filter.Status == null || c.Status == filter.Status)
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .Take(MaxRows)
                .ToListAsync(cancellationToken);

        return new LogPage(
            filter,
            filter.Date == clock.Today,
            shown.Select(c => ToRow(c, names)).ToList(),
            unresolved.Select(c => ToRow(c, names)).ToList(),
            await CountAsync(day, cancellationToken),
            await venues.ListAsync(cancellationToken),
            recentDays,
            await OutboxStatistics.PastRetentionAsync(db, time.GetUtcNow().UtcDateTime.AddDays(-safeEntry.Value.RetentionDays), cancellationToken),
            safeEntry.Value.RetentionDays);
    }

    /// <summary>
    /// <see cref="Count"/> done by the database: one grouped count by status and action, and one count of
    /// the people still checked in, so the cost is a pass over the day's index range, not its rows in memory.
    /// </summary>
    public static async Task<LogCounts> CountAsync(IQueryable<CheckIn> day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        var groups = await day
            .GroupBy(c => new { c.Status, c.ActionType })
            .Select(g => new { g.Key.Status, g.Key.ActionType, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var checkedIn = await day
            .Where(c => c.Status != CheckInStatus.Failed)
            .GroupBy(c => new { c.SubLookup, c.VenueId, c.TenantId })
            .Select(g => g.Count(c => c.ActionType == KioskActions.CheckIn) - g.Count(c => c.ActionType == KioskActions.CheckOut))
            .CountAsync(net => net > 0, cancellationToken);

        int Sum(Func<CheckInStatus, string, bool> predicate) => groups.Where(g => predicate(g.Status, g.ActionType)).Sum(g => g.Count);
        return new LogCounts(
            Sum((_, _) => true),
            Sum((s, a) => s != CheckInStatus.Failed && a == KioskActions.CheckIn),
            Sum((s, a) => s != CheckInStatus.Failed && a == KioskActions.CheckOut),
            checkedIn,
            Sum((s, _) => s == CheckInStatus.Accepted),
            Sum((s, _) => s == CheckInStatus.Pending),
            Sum((s, _) => s == CheckInStatus.Failed),
            Sum((s, _) => s == CheckInStatus.NeedsAttention),
            Sum((s, _) => s == CheckInStatus.Unconfirmed));
    }

    /// <summary>
    /// Counts over one day. "Checked in" counts, per person and place, check-ins minus check-outs
    /// (at most one per person, never below zero); submissions the gateway refused do not count.
    /// The definition in memory; <see cref="CountAsync"/> does the same in the database, and a test holds
    /// the two equal.
    /// </summary>
    public static LogCounts Count(IReadOnlyCollection<CheckIn> day)
    {
        var counted = day.Where(c => c.Status != CheckInStatus.Failed).ToList();
        var checkedIn = counted
            .GroupBy(c => (c.SubLookup, c.VenueId, c.TenantId))
            .Sum(g => Math.Clamp(g.Count(c => c.ActionType == KioskActions.CheckIn) - g.Count(c => c.ActionType == KioskActions.CheckOut), 0, 1));
        return new LogCounts(
            day.Count,
            counted.Count(c => c.ActionType == KioskActions.CheckIn),
            counted.Count(c => c.ActionType == KioskActions.CheckOut),
            checkedIn,
            day.Count(c => c.Status == CheckInStatus.Accepted),
            day.Count(c => c.Status == CheckInStatus.Pending),
            day.Count(c => c.Status == CheckInStatus.Failed),
            day.Count(c => c.Status == CheckInStatus.NeedsAttention),
            day.Count(c => c.Status == CheckInStatus.Unconfirmed));
    }

    /// <summary>
    /// Writes the day's CSV (every row the filter matches, oldest first) as it reads it: rows go out in
    /// chunks while the query streams, so memory does not grow with the number of rows. Returns the count.
    /// </summary>
    public async Task<int> WriteCsvAsync(LogFilter filter, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(output);
        var names = await venues.NamesAsync(cancellationToken);
        var (start, end) = clock.DayRange(filter.Date);
        var rows = Query(filter.VenueId)
            .Where(c => c.CreatedAt >= start && c.CreatedAt < end)
            .Where(c => filter.Status == null || c.Status == filter.Status)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .AsAsyncEnumerable();

        await output.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 32 * 1024, leaveOpen: true);
        var line = new StringBuilder();
        Csv.AppendRow(line, ["time", "venue_id", "venue_name", "tenant_id", "action", "id_type", "id_masked", "mobile_masked", "source", "status", "reason"]);
        var count = 0;
        await foreach (var checkIn in rows.WithCancellation(cancellationToken))
        {
            var row = ToRow(checkIn, names);
            Csv.AppendRow(line,
            [
                row.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.VenueId,
                row.VenueName,
                row.TenantId ?? string.Empty,
                row.ActionType,
                row.SubType,
                row.SubMasked,
                row.MobileMasked,
                row.Source switch { CheckInSource.Resident => "myinfo", CheckInSource.Phone => "phone", _ => "kiosk" },
                row.StatusKey,
                row.Reason ?? string.Empty,
            ]);
            count++;
            if (line.Length > 16 * 1024)
            {
                await writer.WriteAsync(line, cancellationToken);
                line.Clear();
            }
        }

        await writer.WriteAsync(line, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private IQueryable<CheckIn> Query(string? venueId)
    {
        var query = db.CheckIns.AsNoTracking();
        return venueId is null ? query : query.Where(c => c.VenueId == venueId);
    }

    private LogRow ToRow(CheckIn c, Dictionary<string, string> names)
    {
        var (reason, field) = LogStatus.Explain(c.Status, c.Attempts, c.LastError);
        return new LogRow(
            c.Id,
            c.SubmissionId,
            clock.ToLocal(c.CreatedAt),
            c.VenueId,
            names.TryGetValue(c.VenueId, out var name) ? name : c.VenueId,
            c.TenantId,
            c.ActionType,
            c.SubType,
            c.SubMasked,
            c.MobileMasked,
            c.Source,
            c.Status,
            c.Attempts,
            LogStatus.Text(c.Status),
            reason,
            field);
    }
}

/// <summary>
/// RFC 4180 CSV with a guard against formula injection: a cell that a spreadsheet would run
/// (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
/// </summary>
public static class Csv
{
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static void AppendRow(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }
}
