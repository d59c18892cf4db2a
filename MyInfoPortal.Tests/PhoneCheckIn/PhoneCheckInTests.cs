using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.SignIn;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.PhoneCheckIn;

/// <summary>A visitor scans a venue poster, signs in through the embedded Myinfo simulator, confirms, and gets a pass.</summary>
public sealed class PhoneCheckInTests
{
    private const string WithMobile = "name,dob,birthcountry,nationality,uinfin,sex,regadd,mobileno";

    // Persona S7204518A (TAN BOON KIAT) has mobile 91827364 in the simulator.
    private const string Persona = "S7204518A";

    [Fact]
    public async Task AScannedVisitorSignsInComesBackToTheVenueAndChecksInWithSourcePhone()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        factory.With("MyInfo:Attributes", WithMobile);
        using var phone = NewBrowser(factory);

        var start = await PageAsync(phone, "/checkin/" + SingleVenue);
        Assert.Equal(SingleVenueName, start.QuerySelector("[data-testid=venue-name]")!.TextContent.Trim());
        Assert.Equal($"/checkin/{SingleVenue}/signin?action=checkin&provider=myinfo", start.QuerySelector("#phone-signin-myinfo")!.GetAttribute("href"));
        Assert.Equal($"/checkin/{SingleVenue}?action=checkout", start.QuerySelector(".phone-choice__option--checkout")!.GetAttribute("href"));

        var confirm = await SignInFromVenuePageAsync(phone, "/checkin/" + SingleVenue + "/signin?action=checkin&provider=myinfo", "/checkin/" + SingleVenue + "?action=checkin");
        Assert.Equal("*****518A", confirm.QuerySelector("[data-testid=masked-id]")!.TextContent.Trim());
        Assert.Equal("91827364", confirm.QuerySelector("#phone-confirm #MobileNo")!.GetAttribute("value"));
        Assert.Null(confirm.QuerySelector("#phone-confirm input[name=Sub]"));
        Assert.DoesNotContain(Persona, confirm.Source.Text, StringComparison.Ordinal);
        Assert.Equal(1, await SessionCountAsync(factory));

        var sent = await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm");

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal("/checkin/pass", Location(sent));
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal((CheckInSource.Phone, SingleVenue, (string?)null, "checkin", "uinfin", CheckInStatus.Accepted),
            (row.Source, row.VenueId, row.TenantId, row.ActionType, row.SubType, row.Status));
        Assert.Equal(Persona, factory.Unprotect(row.ProtectedSub));
        Assert.Equal("91827364", factory.Unprotect(row.ProtectedMobileNo));

        // The profile retrieved for the check-in is gone from the server, and the browser's session with it.
        Assert.Equal(0, await SessionCountAsync(factory));
        Assert.Null(CookieValue(phone, PortalCookies.SessionBaseName));
        Assert.Equal(row.SubmissionId.ToString("N"), CookieValue(phone, "mip-pass"));

        var pass = await PageAsync(phone, "/checkin/pass");
        Assert.Equal("Checked in", pass.QuerySelector("#pass-action")!.TextContent.Trim());
        Assert.Equal("*****518A", pass.QuerySelector("[data-testid=pass-id]")!.TextContent.Trim());
        Assert.Equal(SingleVenueName, pass.QuerySelector("[data-testid=pass-venue]")!.TextContent.Trim());
        Assert.Equal("Accepted by SafeEntry", pass.QuerySelector("#pass-status-chip")!.TextContent.Trim());
        Assert.Contains("deleted from our server", pass.QuerySelector("[data-testid=pass-privacy]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("There is no Myinfo profile", (await PageAsync(phone, "/profile")).Body!.TextContent, StringComparison.Ordinal);

        using var staff = await SignedInAsync(factory);
        var log = await HtmlForm.ReadAsync(await staff.GetAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var cells = log.QuerySelectorAll(".log-table tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Phone", cells);
        Assert.Contains("*****518A", cells);

        // The logs name the masked ID only, never the full NRIC/FIN or mobile number.
        Assert.Contains(factory.Logs.Lines, l => l.Contains("[3200]", StringComparison.Ordinal) && l.Contains("*****518A", StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Lines, l => l.Contains("[3201]", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains(Persona, StringComparison.Ordinal) || l.Contains("91827364", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendingTheSameConfirmationTwiceStoresOneRowAndShowsThePass()
    {
        using var factory = new KioskFactory();
        factory.With("MyInfo:Attributes", WithMobile);
        using var phone = NewBrowser(factory);
        var confirm = await SignInFromVenuePageAsync(phone, $"/checkin/{SingleVenue}/signin?action=checkin&provider=myinfo", $"/checkin/{SingleVenue}?action=checkin");

        var first = await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm");
        var second = await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm");

        Assert.Equal((HttpStatusCode.SeeOther, "/checkin/pass"), (first.StatusCode, Location(first)));
        Assert.Equal((HttpStatusCode.SeeOther, "/checkin/pass"), (second.StatusCode, Location(second)));
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal(row.SubmissionId.ToString("N"), CookieValue(phone, "mip-pass"));
    }

    [Fact]
    public async Task OneTapOnThePassChecksTheVisitorOutOfTheSameVenue()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        factory.With("MyInfo:Attributes", WithMobile);
        using var phone = NewBrowser(factory);
        var confirm = await SignInFromVenuePageAsync(phone, $"/checkin/{MultiVenue}/signin?tenant=VENUE2&action=checkin&provider=myinfo", $"/checkin/{MultiVenue}?tenant=VENUE2&action=checkin");
        Assert.Equal(HttpStatusCode.SeeOther, (await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm")).StatusCode);
        var pass = await PageAsync(phone, "/checkin/pass");

        var tapped = await HtmlForm.SubmitAsync(phone, pass, "#pass-checkout");
        var again = await HtmlForm.SubmitAsync(phone, pass, "#pass-checkout");

        Assert.Equal((HttpStatusCode.SeeOther, "/checkin/pass"), (tapped.StatusCode, Location(tapped)));
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        var rows = await RowsAsync(factory);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("checkout", MultiVenue, "VENUE2", CheckInSource.Phone, CheckInStatus.Accepted),
            (rows[1].ActionType, rows[1].VenueId, rows[1].TenantId, rows[1].Source, rows[1].Status));
        Assert.Equal(Persona, factory.Unprotect(rows[1].ProtectedSub));
        Assert.Equal("91827364", factory.Unprotect(rows[1].ProtectedMobileNo));

        var outPass = await PageAsync(phone, "/checkin/pass");
        Assert.Equal("Checked out", outPass.QuerySelector("#pass-action")!.TextContent.Trim());
        Assert.Null(outPass.QuerySelector("#pass-checkout"));
        Assert.Equal("Accepted by SafeEntry", outPass.QuerySelector("#pass-status-chip")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("/checkin/NO-SUCH-VENUE-SE")]
    [InlineData("/checkin/%3Cscript%3E")]
    [InlineData("/checkin/ab")]
    [InlineData("/checkin/" + SingleVenue + "?tenant=VENUE9")]
    [InlineData("/checkin/" + MultiVenue)]
    [InlineData("/checkin/" + MultiVenue + "?tenant=NOT-A-TENANT")]
    [InlineData("/checkin/" + MultiVenue + "?tenant=%3Cb%3E")]
    public async Task AnUnknownOrMalformedVenueGetsAFriendlyNotFoundPage(string path)
    {
        using var factory = new KioskFactory();
        using var phone = NewBrowser(factory);

        var response = await phone.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Equal("We don't know this venue", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#phone-start"));
        Assert.Null(CookieValue(phone, SignInReturn.CookieBaseName));
    }

    [Fact]
    public async Task WithoutAMobileFromMyinfoTheVisitorMustTypeOneAndIsToldWhatIsWrong()
    {
        using var factory = new KioskFactory();
        using var phone = NewBrowser(factory);
        var confirm = await SignInFromVenuePageAsync(phone, $"/checkin/{SingleVenue}/signin?action=checkout&provider=myinfo", $"/checkin/{SingleVenue}?action=checkout");
        Assert.Equal(string.Empty, confirm.QuerySelector("#phone-confirm #MobileNo")!.GetAttribute("value") ?? string.Empty);
        Assert.NotNull(confirm.QuerySelector("#phone-confirm input[name=ActionType][value=checkout][checked]"));

        var emptyResponse = await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm");
        var empty = await HtmlForm.ReadAsync(emptyResponse);
        Assert.True(emptyResponse.StatusCode == HttpStatusCode.OK, empty.Body!.TextContent);
        Assert.Equal("Enter your mobile number.", empty.QuerySelector("#MobileNo-error")!.TextContent.Trim().TrimStart('\u26A0', '\uFE0E', ' '));
        Assert.NotNull(empty.QuerySelector("#error-summary a[href='#MobileNo']"));

        var wrong = await HtmlForm.ReadAsync(await HtmlForm.SubmitAsync(phone, empty, "#phone-confirm", new Dictionary<string, string> { ["MobileNo"] = "1234" }));
        Assert.Contains("8 digits starting with 8 or 9", wrong.QuerySelector("#MobileNo-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1234", wrong.QuerySelector("#MobileNo")!.GetAttribute("value"));
        Assert.Empty(await RowsAsync(factory));
        Assert.Equal(1, await SessionCountAsync(factory));

        var fixedUp = await HtmlForm.SubmitAsync(phone, wrong, "#phone-confirm", new Dictionary<string, string> { ["MobileNo"] = "8111 2222" });
        Assert.Equal(HttpStatusCode.SeeOther, fixedUp.StatusCode);
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal(("checkout", "81112222"), (row.ActionType, factory.Unprotect(row.ProtectedMobileNo)));
    }

    [Fact]
    public async Task AVenueTheGatewayRejectsShowsTheReasonInPlainWordsOnThePass()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        factory.With("MyInfo:Attributes", WithMobile);
        const string unknownToGateway = "PROD-201900099X-123456-NOTAREALVENUE-SE";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<VenueService>().AddAsync(unknownToGateway, "Corner bakery", null, CancellationToken.None);
        }

        using var phone = NewBrowser(factory);
        var confirm = await SignInFromVenuePageAsync(phone, $"/checkin/{unknownToGateway}/signin?action=checkin&provider=myinfo", $"/checkin/{unknownToGateway}?action=checkin");
        await HtmlForm.SubmitAsync(phone, confirm, "#phone-confirm");

        var pass = await PageAsync(phone, "/checkin/pass");
        Assert.Equal("Not accepted by SafeEntry", pass.QuerySelector("#pass-status-chip")!.TextContent.Trim());
        Assert.Contains("does not recognise this venue", pass.QuerySelector("#pass-status-reason")!.TextContent, StringComparison.Ordinal);
        Assert.Null(pass.QuerySelector("#pass-checkout"));
        Assert.Equal(CheckInStatus.Failed, Assert.Single(await RowsAsync(factory)).Status);
    }

    [Fact]
    public async Task WithoutAPassCookieThereIsNoPassAndNoStatus()
    {
        using var factory = new KioskFactory();
        using var phone = NewBrowser(factory);

        var page = await PageAsync(phone, "/checkin/pass");
        Assert.Equal("No pass on this phone today", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await phone.GetAsync(new Uri("/checkin/pass/status", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("/checkin/" + SingleVenue, true)]
    [InlineData("/checkin/" + MultiVenue + "?tenant=VENUE2&action=checkout", true)]
    [InlineData("/checkin/" + SingleVenue + "?action=checkin", true)]
    [InlineData("//evil.example/checkin/" + SingleVenue, false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("/profile", false)]
    [InlineData("/checkin/" + SingleVenue + "?next=https://evil.example", false)]
    [InlineData("/checkin/" + SingleVenue + "/../../admin", false)]
    [InlineData(null, false)]
    public void OnlyAPhoneCheckInAddressCanBeASignInReturnTarget(string? path, bool allowed) =>
        Assert.Equal(allowed, SignInReturn.IsAllowed(path));

    [Fact]
    public async Task ASignInStartedFromTheHomePageStillEndsOnTheProfile()
    {
        using var factory = new KioskFactory();
        using var phone = NewBrowser(factory);
        var login = await phone.GetAsync(new Uri("/login", UriKind.Relative));
        var complete = await FinishMyinfoAsync(phone, login);
        Assert.Equal("/profile", Location(complete));
    }

    private static async Task<IHtmlDocument> SignInFromVenuePageAsync(HttpClient client, string signInPath, string expectedReturn)
    {
        var start = await client.GetAsync(new Uri(signInPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/login", Location(start));
        var login = await client.GetAsync(start.Headers.Location!);
        var complete = await FinishMyinfoAsync(client, login);
        Assert.Equal(expectedReturn, Location(complete));
        Assert.Null(CookieValue(client, SignInReturn.CookieBaseName));
        return await PageAsync(client, expectedReturn);
    }

    private static async Task<HttpResponseMessage> FinishMyinfoAsync(HttpClient client, HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var personas = await HtmlForm.ReadAsync(await client.GetAsync(login.Headers.Location!));
        var consent = await HtmlForm.ReadAsync(await HtmlForm.SubmitAsync(client, personas, "#persona-form", new Dictionary<string, string> { ["persona"] = Persona }));
        var back = await HtmlForm.SubmitAsync(client, consent, "#consent-form", new Dictionary<string, string> { ["decision"] = "allow" });
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = await HtmlForm.ReadAsync(await client.GetAsync(back.Headers.Location!));
        var complete = await client.GetAsync(new Uri(callback.QuerySelector("#myinfo-continue")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        return complete;
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlForm.ReadAsync(response);
    }

    private static Task<int> SessionCountAsync(KioskFactory factory) => factory.WithDbAsync(db => db.ResidentSessions.CountAsync());
}
