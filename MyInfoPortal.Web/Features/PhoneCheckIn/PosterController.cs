using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

public sealed record PosterListViewModel(IReadOnlyList<PhoneVenue> Venues);

public sealed record PosterViewModel(PhoneVenue Venue, string CheckInUrl, string QrPath);

/// <summary>Printable venue posters with the phone check-in QR code, for staff.</summary>
[Authorize(Policy = StaffAuth.RequireStaff)]
[NoStore]
public sealed class PosterController(PhoneCheckInService phone, VenuePosters posters, ILogger<PosterController> logger) : Controller
{
    [HttpGet("/kiosk/posters")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new PosterListViewModel(await phone.PosterVenuesAsync(cancellationToken)));

    [HttpGet("/kiosk/posters/{venueId}")]
    public async Task<IActionResult> Poster([FromRoute] string venueId, [FromQuery] string? tenant, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return NotFound();
        }

        PhoneCheckInLog.PosterRendered(logger, venue.VenueId, venue.TenantId, "page");
        return View(new PosterViewModel(venue, posters.CheckInUrl(venue), Url.Action(nameof(Svg), new { venueId = venue.VenueId, tenant = venue.TenantId })!));
    }

    [HttpGet("/kiosk/posters/{venueId}/qr.svg")]
    public async Task<IActionResult> Svg([FromRoute] string venueId, [FromQuery] string? tenant, [FromQuery] bool download, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return NotFound();
        }

        PhoneCheckInLog.PosterRendered(logger, venue.VenueId, venue.TenantId, "svg");
        var svg = System.Text.Encoding.UTF8.GetBytes(posters.Svg(venue));
        return download ? File(svg, "image/svg+xml", VenuePosters.FileName(venue, "svg")) : File(svg, "image/svg+xml");
    }

    [HttpGet("/kiosk/posters/{venueId}/qr.png")]
    public async Task<IActionResult> Png([FromRoute] string venueId, [FromQuery] string? tenant, CancellationToken cancellationToken)
    {
        var venue = await phone.FindVenueAsync(venueId, tenant, cancellationToken);
        if (venue is null)
        {
            return NotFound();
        }

        PhoneCheckInLog.PosterRendered(logger, venue.VenueId, venue.TenantId, "png");
        return File(posters.Png(venue), "image/png", VenuePosters.FileName(venue, "png"));
    }
}
