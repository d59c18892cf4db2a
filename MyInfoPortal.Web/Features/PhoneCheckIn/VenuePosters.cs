using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;
using QRCoder;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>
/// The QR code on a venue poster: the portal's own check-in address for the venue (Portal:BaseUrl +
/// /checkin/{venueId}, plus ?tenant=), never personal data. Error correction level Q keeps a creased,
/// smudged or partly covered print readable (about a quarter of the code can be lost).
/// </summary>
public sealed class VenuePosters(IOptions<PortalOptions> portal, LinkGenerator links)
{
    private const QRCodeGenerator.ECCLevel Correction = QRCodeGenerator.ECCLevel.Q;

    public string CheckInUrl(PhoneVenue venue)
    {
        ArgumentNullException.ThrowIfNull(venue);
        return portal.Value.BaseUrl.TrimEnd('/') + links.CheckInPath(venue);
    }

    /// <summary>A scalable SVG (viewBox only), black on white with the quiet zone, for print shops.</summary>
    public string Svg(PhoneVenue venue)
    {
        using var data = Encode(venue);
        return new SvgQRCode(data).GetGraphic(16, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>A PNG at 16 pixels a module: several centimetres wide at print resolution.</summary>
    public byte[] Png(PhoneVenue venue)
    {
        using var data = Encode(venue);
        return new PngByteQRCode(data).GetGraphic(16);
    }

    /// <summary>The file name downloads get: the venue id, tenant and format.</summary>
    public static string FileName(PhoneVenue venue, string extension)
    {
        ArgumentNullException.ThrowIfNull(venue);
        return "checkin-qr-" + venue.VenueId + (venue.TenantId is null ? string.Empty : "-" + venue.TenantId) + "." + extension;
    }

    private QRCodeData Encode(PhoneVenue venue)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(CheckInUrl(venue), Correction);
    }
}
