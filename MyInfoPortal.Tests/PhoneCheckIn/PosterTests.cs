using System.Net;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.Kiosk;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.PhoneCheckIn;

/// <summary>Venue posters for staff: the QR code, read back by an independent decoder (ZXing), is exactly the check-in address.</summary>
public sealed class PosterTests
{
    private const string BaseUrl = "https://checkin.example.sg";

    [Theory]
    [InlineData(SingleVenue, null, BaseUrl + "/checkin/" + SingleVenue)]
    [InlineData(MultiVenue, "VENUE2", BaseUrl + "/checkin/" + MultiVenue + "?tenant=VENUE2")]
    public async Task ThePostersQrCodeDecodesToExactlyTheCheckInAddress(string venueId, string? tenant, string expected)
    {
        using var factory = new KioskFactory();
        factory.With("Portal:BaseUrl", BaseUrl);
        using var staff = await SignedInAsync(factory);
        var query = tenant is null ? string.Empty : "?tenant=" + tenant;

        var png = await staff.GetAsync(new Uri($"/kiosk/posters/{venueId}/qr.png{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var image = ImageResult.FromMemory(await png.Content.ReadAsByteArrayAsync(), ColorComponents.RedGreenBlueAlpha);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32)));
        var decoded = new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = false });
        Assert.NotNull(decoded);
        Assert.Equal(expected, decoded.Text);
        Assert.Contains(decoded.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL] as string, new[] { "Q", "H" });

        var page = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri($"/kiosk/posters/{venueId}{query}", UriKind.Relative)));
        Assert.Equal(expected, page.QuerySelector("[data-testid=poster-url]")!.TextContent.Trim());
        Assert.Equal($"/kiosk/posters/{venueId}/qr.svg{query}", page.QuerySelector("[data-testid=poster-qr]")!.GetAttribute("src"));
        Assert.NotNull(page.QuerySelector("#poster-png[download]"));
        Assert.NotNull(page.QuerySelector("#poster-svg[download]"));
    }

    [Fact]
    public async Task TheSvgDownloadIsAScalableImageWithoutScriptOrInlineStyle()
    {
        using var factory = new KioskFactory();
        using var staff = await SignedInAsync(factory);

        var response = await staff.GetAsync(new Uri($"/kiosk/posters/{SingleVenue}/qr.svg?download=true", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"checkin-qr-{SingleVenue}.svg", response.Content.Headers.ContentDisposition!.FileName);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("viewBox", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/kiosk/posters")]
    [InlineData("/kiosk/posters/" + SingleVenue)]
    [InlineData("/kiosk/posters/" + SingleVenue + "/qr.png")]
    [InlineData("/kiosk/posters/" + SingleVenue + "/qr.svg")]
    public async Task PostersNeedAStaffSession(string path)
    {
        using var factory = new KioskFactory();
        using var anonymous = NewBrowser(factory);

        var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePosterListOffersEveryVenueAndTenantAndAnUnknownVenueHasNoPoster()
    {
        using var factory = new KioskFactory();
        using var staff = await SignedInAsync(factory);

        var list = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/kiosk/posters", UriKind.Relative)));
        var links = list.QuerySelectorAll(".poster-list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/kiosk/posters/" + SingleVenue, links);
        Assert.Contains("/kiosk/posters/" + MultiVenue + "?tenant=VENUE2", links);
        Assert.DoesNotContain("/kiosk/posters/" + MultiVenue, links);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(new Uri("/kiosk/posters/NO-SUCH-VENUE-SE", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(new Uri("/kiosk/posters/NO-SUCH-VENUE-SE/qr.png", UriKind.Relative))).StatusCode);
    }
}
