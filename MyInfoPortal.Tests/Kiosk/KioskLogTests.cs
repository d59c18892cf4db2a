using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

public sealed partial class KioskLogTests
{
    private const string Hawker = "STG-180000001W-83339-HAWKERCENTRE-SE";

    /// <summary>
    /// Five visitors at the single venue: S1234567D in and out (accepted), T1234567J in (accepted),
    /// F1234567N in (refused: unknown tenant), G1234567X in (gateway down: needs attention),
    /// M5043078W in (not sent yet: pending).
    /// </summary>
    private static async Task<HttpClient> ADayAtTheVenueAsync(KioskFactory factory)
    {
        var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D", "91234567"));
        await SubmitAsync(client, Visitor("T1234567J", "81234567"));
        await factory.DispatchAsync();
        await SubmitAsync(client, Visitor("S1234567D", "91234567", action: "checkout"));
        var refused = Visitor("F1234567N", "92345678");
        refused["TenantId"] = "NOPE";
        await SubmitAsync(client, refused);
        await factory.DispatchAsync();
        factory.Gateway.FailNext(1);
        await SubmitAsync(client, Visitor("G1234567X", "93456789"));
        await factory.DispatchAsync();
        await SubmitAsync(client, Visitor("M5043078W", "94567890"));
        return client;
    }

    [Fact]
    public async Task TheLogShowsMaskedSubmissionsWithStatusesReasonsAndCounts()
    {
        using var factory = new KioskFactory();
        factory.With("SafeEntry:MaxAttempts", "1");
        using var client = await ADayAtTheVenueAsync(factory);

        var response = await client.GetAsync(new Uri("/kiosk/log", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlForm.Parse(html);
        var rows = page.QuerySelectorAll(".log-table tbody tr").ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(
            ["*****078W Pending", "*****567X Needs attention", "*****567N Failed", "*****567D Accepted", "*****567J Accepted", "*****567D Accepted"],
            rows.Select(r => Cell(r, 3) + " " + r.QuerySelector("[data-role=chip]")!.TextContent.Trim()));
        Assert.Equal("Check-out", Cell(rows[3], 2));
        Assert.Equal("****4567", Cell(rows[4], 4));
        Assert.Contains(SingleVenueName, Cell(rows[0], 1), StringComparison.Ordinal);
        Assert.Contains("SafeEntry does not know this tenant", rows[2].QuerySelector("[data-role=reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Invalid tenantId", rows[2].QuerySelector("[data-role=reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Check the gateway, then retry", rows[1].QuerySelector("[data-role=reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Saved, sending", rows[0].QuerySelector("[data-role=reason]")!.TextContent, StringComparison.Ordinal);

        // Retry is offered for the failed and the needs-attention rows only.
        Assert.Equal([false, true, true, false, false, false], rows.Select(r => !r.QuerySelector("form.log-retry")!.HasAttribute("hidden")));

        // Inside now: T (accepted), G (needs attention) and M (pending); S left, F was refused.
        Assert.Equal("3", Count(page, "CheckedIn"));
        Assert.Equal("6", Count(page, "Total"));
        Assert.Equal("4", Count(page, "CheckIns"));
        Assert.Equal("1", Count(page, "CheckOuts"));
        Assert.Equal(("3", "1", "1", "1"), (Count(page, "Accepted"), Count(page, "Pending"), Count(page, "Failed"), Count(page, "NeedsAttention")));

        Assert.DoesNotMatch(FullNric(), html);
        Assert.DoesNotContain("91234567", html, StringComparison.Ordinal);
        Assert.Equal("no-store, no-cache, max-age=0", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task RetryPutsANeedsAttentionSubmissionBackInTheQueueAndItIsDeliveredOnce()
    {
        using var factory = new KioskFactory();
        factory.With("SafeEntry:MaxAttempts", "1");
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        factory.Gateway.FailNext(1);
        await SubmitAsync(client, Visitor("G1234567X"));
        await factory.DispatchAsync();
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal(CheckInStatus.NeedsAttention, row.Status);

        var retried = await HtmlForm.SubmitAsync(client, page, $"form[action='/kiosk/log/retry/{row.Id}']");

        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("/kiosk/log?date=2026-11-02&retried=1", Location(retried));
        Assert.Equal(CheckInStatus.Pending, Assert.Single(await RowsAsync(factory)).Status);
        await factory.DispatchAsync();
        Assert.Equal(CheckInStatus.Accepted, Assert.Single(await RowsAsync(factory)).Status);
        Assert.Single(await factory.GatewayReceiptsAsync());

        // Retrying an accepted submission does nothing.
        var again = await HtmlForm.SubmitAsync(client, page, $"form[action='/kiosk/log/retry/{row.Id}']");
        Assert.Equal("/kiosk/log?date=2026-11-02&retried=0", Location(again));
        var notice = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(Location(again)!, UriKind.Relative)));
        Assert.Contains("not failed or waiting for attention", notice.QuerySelector(".alert")!.TextContent, StringComparison.Ordinal);
        await factory.DispatchAsync();
        Assert.Single(await factory.GatewayReceiptsAsync());
    }

    [Fact]
    public async Task RetryWithoutAntiforgeryTokenIsRejected()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        var refused = Visitor();
        refused["TenantId"] = "NOPE";
        await SubmitAsync(client, refused);
        await factory.DispatchAsync();
        var row = Assert.Single(await RowsAsync(factory));

        using var empty = new FormUrlEncodedContent([]);
        var response = await client.PostAsync(new Uri($"/kiosk/log/retry/{row.Id}", UriKind.Relative), empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CheckInStatus.Failed, Assert.Single(await RowsAsync(factory)).Status);
    }

    [Fact]
    public async Task TheLogsExportLinkFeedAndRetryFormsKeepItsFilter()
    {
        using var factory = new KioskFactory();
        using var client = await ADayAtTheVenueAsync(factory);
        const string Query = "date=2026-11-02&venue=" + SingleVenue + "&status=failed";

        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log?" + Query, UriKind.Relative)));

        Assert.Equal("/kiosk/log.csv?" + Query, page.QuerySelector(".log-filter__export")!.GetAttribute("href"));
        Assert.Equal("/kiosk/log/status?" + Query, page.QuerySelector("#kiosk-log")!.GetAttribute("data-status-url"));
        Assert.Equal("/kiosk/log?" + Query, page.QuerySelector("#log-new a")!.GetAttribute("href"));
        var retry = Assert.Single(page.QuerySelectorAll("form.log-retry"));
        Assert.Equal(
            [("date", "2026-11-02"), ("venue", SingleVenue), ("status", "failed")],
            retry.QuerySelectorAll("input[type=hidden]:not([name=__RequestVerificationToken])").Select(i => (i.GetAttribute("name")!, i.GetAttribute("value")!)));
    }

    [Fact]
    public async Task TheLogFiltersByVenueAndDateAndKeepsEarlierUnresolvedSubmissionsInView()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D"));                        // yesterday, stays pending
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await SubmitLoginAsync(client, "alice", Password);
        await SetUpAsync(client, Hawker);
        await SubmitAsync(client, Visitor("T1234567J"));
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("F1234567N"));

        var all = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var hawker = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log?venue=" + Hawker, UriKind.Relative)));
        var yesterday = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log?date=2026-11-02", UriKind.Relative)));

        Assert.Equal(["*****567N", "*****567J"], DayRows(all).Select(r => Cell(r, 3)));
        Assert.Equal(["*****567D"], UnresolvedRows(all).Select(r => Cell(r, 3)));
        Assert.Equal(["*****567J"], DayRows(hawker).Select(r => Cell(r, 3)));
        Assert.Empty(UnresolvedRows(hawker));
        Assert.Equal("selected", hawker.QuerySelector($"#venue option[value='{Hawker}']")!.GetAttribute("selected"));
        Assert.Equal(["*****567D"], DayRows(yesterday).Select(r => Cell(r, 3)));
        Assert.Equal("Not checked out that day", yesterday.QuerySelector(".log-counts__item--main dt")!.TextContent);
        Assert.Equal("2026-11-02", yesterday.QuerySelector("#date")!.GetAttribute("value"));
    }

    [Fact]
    public async Task CsvExportHoldsMaskedValuesOnlyAndDefusesFormulas()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        var venues = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));
        await HtmlForm.SubmitAsync(client, venues, "#venue-add", new Dictionary<string, string>
        {
            ["Venue"] = "https://www.safeentry-qr.gov.sg/login/" + SingleVenue,
            ["Name"] = "=HYPERLINK(\"http://evil.example\",\"Lobby\")",
        });
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D", "+65 9123 4567"));
        await factory.DispatchAsync();
        await SubmitAsync(client, Visitor("S1234567D", "91234567", action: "checkout"));

        var response = await client.GetAsync(new Uri("/kiosk/log.csv?date=2026-11-02", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("checkins-2026-11-02.csv", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"time\",\"venue_id\",\"venue_name\",\"tenant_id\",\"action\",\"id_type\",\"id_masked\",\"mobile_masked\",\"source\",\"status\",\"reason\"", lines[0]);
        Assert.Equal(
            $"\"2026-11-02 09:30:00\",\"{SingleVenue}\",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Lobby\"\")\",\"\",\"checkin\",\"uinfin\",\"*****567D\",\"****4567\",\"kiosk\",\"accepted\",\"\"",
            lines[1]);
        Assert.StartsWith("\"2026-11-02 09:30:00\",", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"checkout\",\"uinfin\",\"*****567D\",\"****4567\",\"kiosk\",\"pending\",\"Saved, sending", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotMatch(FullNric(), csv);
        Assert.DoesNotContain("91234567", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStatusFeedLetsTheOpenLogSeeAPendingEntryBecomeAccepted()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor());
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var feed = page.QuerySelector("#kiosk-log")!.GetAttribute("data-status-url")!;

        var before = await FeedAsync(client, feed);
        await factory.DispatchAsync();
        var after = await FeedAsync(client, feed);

        var id = Assert.Single(await RowsAsync(factory)).Id;
        Assert.Equal((id, "pending", "Pending"), Row(before));
        Assert.Equal((id, "accepted", "Accepted"), Row(after));
        Assert.Equal(1, after.GetProperty("counts").GetProperty("accepted").GetInt32());
        Assert.Equal(1, after.GetProperty("counts").GetProperty("checkedIn").GetInt32());
        Assert.Equal(id, after.GetProperty("newest").GetInt64());
        Assert.StartsWith("/js/kiosk-log.js", page.QuerySelector("script[src*='kiosk-log']")!.GetAttribute("src"), StringComparison.Ordinal);

        static (long, string, string) Row(JsonElement feed)
        {
            var row = feed.GetProperty("rows").EnumerateArray().Single();
            return (row.GetProperty("id").GetInt64(), row.GetProperty("status").GetString()!, row.GetProperty("text").GetString()!);
        }
    }

    private static async Task<JsonElement> FeedAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<IElement> DayRows(IHtmlDocument page) =>
        page.QuerySelectorAll("section[aria-labelledby=day-title] tbody tr").ToList();

    private static List<IElement> UnresolvedRows(IHtmlDocument page) =>
        page.QuerySelectorAll("section[aria-labelledby=recent-title] tbody tr").ToList();

    private static string Cell(IElement row, int index) => row.QuerySelectorAll("td")[index].TextContent.Trim();

    private static string Count(IHtmlDocument page, string name) => page.QuerySelector($"[data-count={name}]")!.TextContent.Trim();

    [GeneratedRegex(@"[STFGM]\d{7}[A-Z]")]
    private static partial Regex FullNric();
}
