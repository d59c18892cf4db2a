using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Tests.Staff;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Security;

/// <summary>Issue 9, case by case: each input that used to answer 500 answers a 4xx page or JSON body, and logs no error.</summary>
public sealed class BadInputAnswerTests
{
    [Theory]
    [InlineData("/error/0")]
    [InlineData("/error/-1")]
    [InlineData("/error/200")]
    [InlineData("/error/600")]
    public async Task ErrorPagesForStatusesThatAreNotErrorsDoNotExist(string path)
    {
        using var factory = new KioskFactory();
        using var client = StaffTestSupport.NewBrowser(factory);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Page not found", (await HtmlForm.ReadAsync(response)).QuerySelector("h1")?.TextContent.Trim());
        AssertNoErrors(factory.Logs);
    }

    [Theory]
    [InlineData("a=%00")]
    [InlineData("status=200")]
    public async Task AFormBodyDoesNotDecideWhichErrorPageIsShown(string body)
    {
        using var factory = new KioskFactory();
        using var client = StaffTestSupport.NewBrowser(factory);
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        // The home page takes GET only: 405, re-executed on the error page with this POST's body.
        using var response = await client.PostAsync(new Uri("/", UriKind.Relative), content);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"answered {(int)response.StatusCode}");
        var page = await HtmlForm.ReadAsync(response);
        Assert.Equal(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("[data-status]")?.GetAttribute("data-status"));
        AssertNoErrors(factory.Logs);
    }

    [Theory]
    [InlineData("/kiosk/log?date=9999-12-31")]
    [InlineData("/kiosk/log?date=0001-01-01")]
    [InlineData("/kiosk/log?date=0001-01-07")]
    [InlineData("/kiosk/log.csv?date=9999-12-31")]
    [InlineData("/kiosk/log.csv?date=0001-01-03")]
    public async Task LogDatesOutsideTheCalendarAreABadRequest(string path)
    {
        using var factory = new KioskFactory();
        using var staff = await StaffTestSupport.SignedInAsync(factory);

        using var response = await staff.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("That request could not be understood", (await HtmlForm.ReadAsync(response)).QuerySelector("h1")?.TextContent.Trim());
        AssertNoErrors(factory.Logs);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task LogStatusFeedAnswersAnOutOfRangeDateInJson(string date)
    {
        using var factory = new KioskFactory();
        using var staff = await StaffTestSupport.SignedInAsync(factory);

        using var response = await staff.GetAsync(new Uri("/kiosk/log/status?date=" + date, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_date", json.RootElement.GetProperty("error").GetString());
        AssertNoErrors(factory.Logs);
    }

    [Fact]
    public async Task RemovingAVenueTakesItsIdFromTheAddressNotTheForm()
    {
        using var factory = new KioskFactory();
        using var staff = await StaffTestSupport.SignedInAsync(factory);
        var page = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));
        foreach (var (venue, name) in new[] { ("PROD-201900099X-123456-MALLONE-SE", "Mall one"), ("PROD-201900099X-123457-MALLTWO-SE", "Mall two") })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await HtmlForm.SubmitAsync(staff, page, "#venue-add", new Dictionary<string, string> { ["Venue"] = venue, ["Name"] = name })).StatusCode);
        }

        var venues = await factory.WithDbAsync(db => db.Venues.AsNoTracking().OrderBy(v => v.Id).ToListAsync());
        var list = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/kiosk/venues", UriKind.Relative)));

        // The first venue's remove button, with the second venue's id smuggled into the body.
        var removed = await HtmlForm.SubmitAsync(staff, list, $"form[action='/kiosk/venues/{venues[0].Id}/remove']",
            new Dictionary<string, string> { ["id"] = venues[1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal("/kiosk/venues?done=removed", StaffTestSupport.Location(removed));
        var left = await factory.WithDbAsync(db => db.Venues.AsNoTracking().Select(v => v.VenueId).ToListAsync());
        Assert.Equal(["PROD-201900099X-123457-MALLTWO-SE"], left);
    }

    [Theory]
    [InlineData("a=%00")]
    [InlineData("grant_type=authorization_code&code=%00")]
    public async Task SimulatorTokenEndpointAnswersAnUnreadableFormWith400Json(string body)
    {
        using var factory = new KioskFactory();
        using var client = StaffTestSupport.NewBrowser(factory);
        using var content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync(new Uri("/sim/myinfo/v3/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", json.RootElement.GetProperty("error").GetString());
        Assert.Single(factory.Logs.Lines, l => l.StartsWith("Warning MyInfoPortal.Security[5002]", StringComparison.Ordinal));
        AssertNoErrors(factory.Logs);
    }

    [Theory]
    [InlineData("/kiosk/été", "/kiosk/%C3%A9t%C3%A9")]
    [InlineData("/kiosk/log?venue=caf\u00e9", "/kiosk/log?venue=caf%C3%A9")]
    [InlineData("/\u202e", StaffLanding)]
    [InlineData("/kiosk\u0007", StaffLanding)]
    [InlineData("/kiosk/\u200bx", StaffLanding)]
    public async Task ReturnUrlsAreMadeSafeForTheLocationHeaderBeforeSigningIn(string returnUrl, string expected)
    {
        using var factory = new KioskFactory();
        await StaffTestSupport.CreateAccountAsync(factory);
        using var client = StaffTestSupport.NewBrowser(factory);

        // Posted as the form field itself, as a crafted page would: the sign-in page's own hidden field is cleaned already.
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/staff/login", UriKind.Relative)));
        var response = await HtmlForm.SubmitAsync(client, page, "#staff-login", new Dictionary<string, string>
        {
            ["Username"] = "alice",
            ["Password"] = StaffTestSupport.Password,
            ["ReturnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = StaffTestSupport.Location(response)!;
        Assert.Equal(expected, location);
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(1, await factory.WithDbAsync(db => db.StaffSessions.CountAsync()));
        AssertNoErrors(factory.Logs);
    }

    private const string StaffLanding = Web.Features.Staff.StaffController.DefaultLandingPage;

    private static void AssertNoErrors(CapturedLogs logs) =>
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal));
}
