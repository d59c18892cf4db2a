using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

public sealed record LogStatusRow(long Id, string Status, string Text, string? Reason, bool CanRetry);

public sealed record LogStatusResponse(IReadOnlyList<LogStatusRow> Rows, LogCounts Counts, long Newest);

/// <summary>The staff log of submissions: the page, its auto-refresh feed, retries and the CSV export.</summary>
[Authorize(Policy = StaffAuth.RequireStaff)]
[NoStore]
public sealed class KioskLogController(CheckInLogService log, ICheckInOutbox outbox, ILogger<KioskLogController> logger) : Controller
{
    [HttpGet("/kiosk/log")]
    public async Task<IActionResult> Index(string? date, string? venue, string? status, string? retried, CancellationToken cancellationToken)
    {
        if (log.Filter(date, venue, status) is not { } filter)
        {
            return BadRequest();
        }

        var page = await log.BuildAsync(filter, cancellationToken);
        return View(page with
        {
            Notice = retried switch
            {
                "1" => "Sent again: the submission is back in the queue.",
                "0" => "That submission is not failed or waiting for attention, so it was not sent again.",
                _ => null,
            },
        });
    }

    [HttpGet("/kiosk/log/status")]
    [PassiveStaffRequest]
    public async Task<IActionResult> Status(string? date, string? venue, string? status, CancellationToken cancellationToken)
    {
        if (log.Filter(date, venue, status) is not { } filter)
        {
            return BadRequest(new { message = "That date is outside the log.", error = "invalid_date" });
        }

        var page = await log.BuildAsync(filter, cancellationToken);
        var rows = page.Rows.Concat(page.Unresolved).Select(r => new LogStatusRow(r.Id, r.StatusKey, r.StatusText, r.Reason, r.CanRetry)).ToList();
        return Json(new LogStatusResponse(rows, page.Counts, page.Rows.Count == 0 ? 0 : page.Rows.Max(r => r.Id)));
    }

    [HttpGet("/kiosk/log.csv")]
    public async Task<IActionResult> Export(string? date, string? venue, string? status, CancellationToken cancellationToken)
    {
        if (log.Filter(date, venue, status) is not { } filter)
        {
            return BadRequest();
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"checkins-{filter.Date:yyyy-MM-dd}{(filter.VenueId is null ? "" : "-" + filter.VenueId)}.csv");
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name, FileNameStar = name }.ToString();
        var rows = await log.WriteCsvAsync(filter, Response.Body, cancellationToken);
        KioskLog.Exported(logger, User.Identity?.Name, rows);
        return new EmptyResult();
    }

    [HttpPost("/kiosk/log/retry/{id:long}")]
    public async Task<IActionResult> Retry([FromRoute] long id, string? date, string? venue, string? status, CancellationToken cancellationToken)
    {
        var done = await outbox.RetryAsync(id, cancellationToken);
        if (done)
        {
            KioskLog.RetryRequested(logger, User.Identity?.Name, id);
        }
        else
        {
            KioskLog.RetryRefused(logger, id);
        }

        var filter = log.Filter(date, venue, status) ?? log.Filter(null, venue, status)!;
        var query = new RouteValueDictionary(filter.RouteValues().Select(v => KeyValuePair.Create(v.Key, (object?)v.Value))) { ["retried"] = done ? "1" : "0" };
        return RedirectToAction(nameof(Index), query);
    }
}
