using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>A day with more submissions than the page shows: counts and the export cover all of them.</summary>
public sealed class KioskLogVolumeTests
{
    private static CheckIn Row(DateTime at, string person, string action, CheckInStatus status, string venue = KioskTestSupport.SingleVenue) =>
        KioskTestSupport.LogEntry(person, action, status, venue, at);

    [Fact]
    public async Task TheDatabaseCountsTheSameAsTheDefinition()
    {
        using var factory = new KioskFactory();
        var at = factory.Clock.GetUtcNow().UtcDateTime;
        CheckIn[] rows =
        [
            Row(at, "a", "checkin", CheckInStatus.Accepted), Row(at, "a", "checkout", CheckInStatus.Accepted),
            Row(at, "b", "checkin", CheckInStatus.Accepted), Row(at, "b", "checkin", CheckInStatus.Pending),
            Row(at, "c", "checkin", CheckInStatus.NeedsAttention),
            Row(at, "d", "checkout", CheckInStatus.Accepted),
            Row(at, "e", "checkin", CheckInStatus.Failed),
            Row(at, "f", "checkin", CheckInStatus.Unconfirmed),
            Row(at, "a", "checkin", CheckInStatus.Accepted, venue: "STG-180000001W-83339-HAWKERCENTRE-SE"),
        ];
        await factory.WithDbAsync(async db =>
        {
            db.CheckIns.AddRange(rows);
            return await db.SaveChangesAsync();
        });

        var counted = await factory.WithDbAsync(db => CheckInLogService.CountAsync(db.CheckIns.AsNoTracking(), CancellationToken.None));

        Assert.Equal(CheckInLogService.Count(rows), counted);
        Assert.Equal(4, counted.CheckedIn);
    }

    [Fact]
    public async Task ABusyDayIsCountedAndExportedWholeThoughThePageShowsTheLatest()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var total = CheckInLogService.MaxRows + 150;
        await factory.WithDbAsync(async db =>
        {
            db.CheckIns.AddRange(Enumerable.Range(0, total).Select(i =>
                Row(now.AddSeconds(-i), "p" + i, "checkin", i % 10 == 0 ? CheckInStatus.Failed : CheckInStatus.Accepted)));
            return await db.SaveChangesAsync();
        });

        using var status = await client.GetAsync(new Uri("/kiosk/log/status", UriKind.Relative));
        using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync());
        var counts = json.RootElement.GetProperty("counts");
        Assert.Equal(total, counts.GetProperty("total").GetInt32());
        Assert.Equal(total / 10, counts.GetProperty("failed").GetInt32());
        Assert.Equal(total - total / 10, counts.GetProperty("checkedIn").GetInt32());
        Assert.Equal(CheckInLogService.MaxRows, json.RootElement.GetProperty("rows").GetArrayLength());

        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        Assert.Equal(CheckInLogService.MaxRows, page.QuerySelectorAll(".log-table tbody tr").Length);
        Assert.Contains($"Showing the latest {CheckInLogService.MaxRows} submissions", page.QuerySelector("#log-truncated")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("[data-count=Total]")!.TextContent.Trim());

        using var export = await client.GetAsync(new Uri("/kiosk/log.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var lines = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(total + 1, lines.Length);

        // Oldest first, every row once.
        var times = lines.Skip(1).Select(l => l[1..20]).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }
}
