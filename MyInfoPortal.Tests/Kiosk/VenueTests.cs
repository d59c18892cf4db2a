using System.Net;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

public sealed class VenueTests
{
    [Fact]
    public async Task StaffAddRenameAndRemoveVenues()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);

        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));
        var added = await HtmlForm.SubmitAsync(client, page, "#venue-add", new Dictionary<string, string>
        {
            ["Venue"] = "https://www.safeentry-qr.gov.sg/tenant/PROD-201900099X-123456-MYMALL-SE",
            ["Name"] = "My Mall",
            ["TenantId"] = "LEVEL1",
        });
        Assert.Equal("/kiosk/venues?done=added", Location(added));

        var duplicate = await HtmlForm.SubmitAsync(client, page, "#venue-add", new Dictionary<string, string>
        {
            ["Venue"] = "PROD-201900099X-123456-MYMALL-SE",
            ["Name"] = "Again",
        });
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("already in the list", (await HtmlForm.ReadAsync(duplicate)).QuerySelector("#Venue-error")!.TextContent, StringComparison.Ordinal);

        var venue = await factory.WithDbAsync(db => db.Venues.AsNoTracking().SingleAsync());
        Assert.Equal(("PROD-201900099X-123456-MYMALL-SE", "My Mall", "LEVEL1"), (venue.VenueId, venue.Name, venue.TenantId));

        var list = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));
        var renamed = await HtmlForm.SubmitAsync(client, list, $"form[action='/kiosk/venues/{venue.Id}']", new Dictionary<string, string> { ["Name"] = "My Mall, east wing", ["TenantId"] = "" });
        Assert.Equal("/kiosk/venues?done=renamed", Location(renamed));
        venue = await factory.WithDbAsync(db => db.Venues.AsNoTracking().SingleAsync());
        Assert.Equal(("My Mall, east wing", (string?)null), (venue.Name, venue.TenantId));

        var blank = await HtmlForm.SubmitAsync(client, list, $"form[action='/kiosk/venues/{venue.Id}']", new Dictionary<string, string> { ["Name"] = "  " });
        Assert.Equal("/kiosk/venues?done=bad-name", Location(blank));

        var removed = await HtmlForm.SubmitAsync(client, list, $"form[action='/kiosk/venues/{venue.Id}/remove']");
        Assert.Equal("/kiosk/venues?done=removed", Location(removed));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Venues.CountAsync()));
    }

    [Fact]
    public async Task AKioskWhoseVenueWasRemovedAsksForSetUpAgainAndKeepsItsRecords()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor());
        var venue = await factory.WithDbAsync(db => db.Venues.AsNoTracking().SingleAsync());
        var list = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));

        await HtmlForm.SubmitAsync(client, list, $"form[action='/kiosk/venues/{venue.Id}/remove']");

        var kiosk = await client.GetAsync(new Uri("/kiosk", UriKind.Relative));
        Assert.Equal("/kiosk/setup", Location(kiosk));
        var setup = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/setup", UriKind.Relative)));
        Assert.Contains("Its venue was removed", setup.QuerySelector(".alert")!.TextContent, StringComparison.Ordinal);
        Assert.Single(await RowsAsync(factory));
    }

    [Fact]
    public async Task ATamperedOrForgedDeviceCookieIsIgnored()
    {
        using var factory = new KioskFactory();
        using var tablet = await SignedInAsync(factory);
        await SetUpAsync(tablet);
        var genuine = CookieValue(tablet, "mip-kiosk")!;
        using var other = await SignedInAsync(factory, "bob");
        var staffCookie = CookieHeader(other);

        async Task<HttpResponseMessage> WithDeviceCookieAsync(string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/kiosk", UriKind.Relative));
            request.Headers.Add("Cookie", staffCookie + "; mip-kiosk=" + value);
            using var browser = NewBrowser(factory);
            return await browser.SendAsync(request);
        }

        var tampered = genuine[..^6] + (genuine[^6] == 'A' ? 'B' : 'A') + genuine[^5..];
        var forged = Uri.EscapeDataString("{\"VenueId\":\"" + SingleVenue + "\",\"TenantId\":null,\"DefaultAction\":\"checkin\"}");

        Assert.Equal(HttpStatusCode.OK, (await WithDeviceCookieAsync(genuine)).StatusCode);
        Assert.Equal("/kiosk/setup", Location(await WithDeviceCookieAsync(tampered)));
        Assert.Equal("/kiosk/setup", Location(await WithDeviceCookieAsync(forged)));
    }

    [Fact]
    public async Task TheDeviceSetUpCookieIsProtectedStrictAndHttpOnly()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/setup", UriKind.Relative)));
        var form = page.QuerySelector("form[action='/kiosk/setup/simulated']")!;
        form.Id = "pick";

        var response = await HtmlForm.SubmitAsync(client, page, "#pick");

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("mip-kiosk=", StringComparison.Ordinal));
        Assert.DoesNotContain("STG-", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SimulatorVenuesAreOfferedOnlyInSimulatorMode()
    {
        using var simulator = new KioskFactory();
        using var client = await SignedInAsync(simulator);

        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/setup", UriKind.Relative)));

        // One button per single venue and one per tenant of the multi-tenant venue.
        Assert.Equal(3 + 3, page.QuerySelectorAll("form[action='/kiosk/setup/simulated']").Length);
        Assert.Contains("Self-test mall (multi-tenant), tenant VENUE1", page.QuerySelector(".kiosk-quickpicks")!.TextContent, StringComparison.Ordinal);
    }
}
