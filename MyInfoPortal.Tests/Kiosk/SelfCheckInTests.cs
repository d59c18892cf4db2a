using System.Net;
using AngleSharp.Html.Dom;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>A resident signs in through the embedded Myinfo simulator, then checks in from the profile page.</summary>
public sealed class SelfCheckInTests
{
    private const string WithMobile = "name,dob,birthcountry,nationality,uinfin,sex,regadd,mobileno";

    // Persona S7204518A (TAN BOON KIAT) has mobile 91827364 in the simulator.
    private const string Persona = "S7204518A";

    [Fact]
    public async Task AResidentChecksInFromTheProfileWithUinfinAndMobileFromMyinfo()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        factory.With("MyInfo:Attributes", WithMobile);
        using var resident = NewBrowser(factory);
        var profile = await SignInWithMyinfoAsync(resident, Persona);

        var card = profile.QuerySelector("#self-check-in #self-checkin-form") as IHtmlFormElement;
        Assert.NotNull(card);
        Assert.Contains("*****518A", profile.QuerySelector("#self-check-in")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("91827364", profile.QuerySelector("#self-checkin-form #MobileNo")!.GetAttribute("value"));
        Assert.Null(profile.QuerySelector("#self-checkin-form input[name=Sub]"));
        Assert.NotNull(profile.QuerySelector($"#self-checkin-form option[value='{MultiVenue}/VENUE2']"));

        var response = await HtmlForm.SubmitAsync(resident, profile, "#self-checkin-form", new Dictionary<string, string> { ["Venue"] = MultiVenue + "/VENUE2" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal($"/profile/checkin/{row.SubmissionId}", Location(response));
        Assert.Equal((CheckInSource.Resident, MultiVenue, "VENUE2", "checkin", "uinfin", CheckInStatus.Accepted),
            (row.Source, row.VenueId, row.TenantId, row.ActionType, row.SubType, row.Status));
        Assert.Equal(Persona, factory.Unprotect(row.ProtectedSub));
        Assert.Equal("91827364", factory.Unprotect(row.ProtectedMobileNo));

        var done = await HtmlForm.ReadAsync(await resident.GetAsync(new Uri(Location(response)!, UriKind.Relative)));
        Assert.Equal("Accepted by SafeEntry", done.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.Contains("*****518A", done.QuerySelector(".kiosk-done__id")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Self-test mall (multi-tenant)", done.QuerySelector(".kiosk-done__facts")!.TextContent, StringComparison.Ordinal);

        // The staff log shows it as a Myinfo check-in, masked like every other.
        using var staff = await SignedInAsync(factory);
        var log = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var cells = log.QuerySelectorAll(".log-table tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Myinfo", cells);
        Assert.Contains("*****518A", cells);
    }

    [Fact]
    public async Task AVenueQrLinkCanBePastedAndTheMobileNumberChanged()
    {
        using var factory = new KioskFactory();
        using var resident = NewBrowser(factory);
        var profile = await SignInWithMyinfoAsync(resident, Persona);
        Assert.Equal(string.Empty, profile.QuerySelector("#self-checkin-form #MobileNo")!.GetAttribute("value") ?? string.Empty);
        Assert.Contains("did not share a mobile number", profile.QuerySelector("#self-check-in")!.TextContent, StringComparison.Ordinal);

        var response = await HtmlForm.SubmitAsync(resident, profile, "#self-checkin-form", new Dictionary<string, string>
        {
            ["VenueLink"] = "https://www.safeentry-qr.gov.sg/login/" + SingleVenue,
            ["ActionType"] = "checkout",
            ["MobileNo"] = "+65 8111 2222",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal((SingleVenue, (string?)null, "checkout", "81112222"), (row.VenueId, row.TenantId, row.ActionType, factory.Unprotect(row.ProtectedMobileNo)));
        await factory.DispatchAsync();
        var done = await HtmlForm.ReadAsync(await resident.GetAsync(new Uri(Location(response)!, UriKind.Relative)));
        Assert.Equal("Checked out", done.QuerySelector(".kiosk-done__action")!.TextContent.Trim());
        Assert.Equal("Accepted by SafeEntry", done.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
    }

    [Fact]
    public async Task MissingVenueAndBadMobileAreShownOnTheirFieldsAndNothingIsSent()
    {
        using var factory = new KioskFactory();
        using var resident = NewBrowser(factory);
        var profile = await SignInWithMyinfoAsync(resident, Persona);

        var response = await HtmlForm.SubmitAsync(resident, profile, "#self-checkin-form", new Dictionary<string, string> { ["MobileNo"] = "6123 4567" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Contains("Choose the venue", page.QuerySelector("#Venue-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("8 digits starting with 8 or 9", page.QuerySelector("#MobileNo-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#Venue']"));
        Assert.Equal("6123 4567", page.QuerySelector("#MobileNo")!.GetAttribute("value"));
        Assert.Empty(await RowsAsync(factory));

        var forged = await HtmlForm.SubmitAsync(resident, profile, "#self-checkin-form", new Dictionary<string, string> { ["Venue"] = "PROD-NOT-OFFERED-SE", ["MobileNo"] = "91234567" });
        Assert.Contains("Choose the venue", (await HtmlForm.ReadAsync(forged)).QuerySelector("#Venue-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(factory));
    }

    [Fact]
    public async Task WithoutAMyinfoProfileThereIsNoCheckInAndOthersCannotSeeAResult()
    {
        using var factory = new KioskFactory();
        using var resident = NewBrowser(factory);
        var profile = await SignInWithMyinfoAsync(resident, Persona);
        var response = await HtmlForm.SubmitAsync(resident, profile, "#self-checkin-form", new Dictionary<string, string> { ["Venue"] = SingleVenue, ["MobileNo"] = "91234567" });
        var result = Location(response)!;

        using var stranger = NewBrowser(factory);
        Assert.Equal("/profile", Location(await stranger.GetAsync(new Uri("/profile/checkin", UriKind.Relative))));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(new Uri(result, UriKind.Relative))).StatusCode);

        var token = profile.QuerySelector("#self-checkin-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new FormUrlEncodedContent(new Dictionary<string, string> { ["SubmissionId"] = Guid.NewGuid().ToString(), ["Venue"] = SingleVenue, ["MobileNo"] = "91234567", ["__RequestVerificationToken"] = token });
        var anonymous = await stranger.PostAsync(new Uri("/profile/checkin", UriKind.Relative), post);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);

        // After signing out, the result page is gone for the resident too.
        var signOut = await HtmlForm.SubmitAsync(resident, profile, "form[action='/signout']");
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync(new Uri(result, UriKind.Relative))).StatusCode);
        Assert.Single(await RowsAsync(factory));
    }

    /// <summary>The real sign-in: /login, the simulator's persona picker and consent page, the callback and its continuation.</summary>
    private static async Task<IHtmlDocument> SignInWithMyinfoAsync(HttpClient client, string personaId)
    {
        var login = await client.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var personas = await HtmlForm.ReadAsync(await client.GetAsync(login.Headers.Location!));
        var consent = await HtmlForm.ReadAsync(await HtmlForm.SubmitAsync(client, personas, "#persona-form", new Dictionary<string, string> { ["persona"] = personaId }));
        var back = await HtmlForm.SubmitAsync(client, consent, "#consent-form", new Dictionary<string, string> { ["decision"] = "allow" });
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = await HtmlForm.ReadAsync(await client.GetAsync(back.Headers.Location!));
        var complete = await client.GetAsync(new Uri(callback.QuerySelector("#myinfo-continue")!.GetAttribute("href")!, UriKind.Relative));
        Assert.True(complete.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, "the continuation should lead to the profile");
        var profile = await client.GetAsync(new Uri("/profile", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        return await HtmlForm.ReadAsync(profile);
    }
}
