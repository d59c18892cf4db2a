using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Integrations.SafeEntry;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

public sealed partial class KioskPageTests
{
    [Fact]
    public async Task KioskWithoutSetUpSendsStaffToTheSetUpPage()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);

        var response = await client.GetAsync(new Uri("/kiosk", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/kiosk/setup", Location(response));
    }

    [Fact]
    public async Task OneTapSimulatorVenueSetsUpTheKioskAndSavesTheVenue()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);

        await SetUpAsync(client, MultiVenue, "VENUE2");
        var kiosk = await KioskPageAsync(client);

        Assert.Contains("Self-test mall (multi-tenant)", kiosk.QuerySelector(".kiosk__venue")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Tenant VENUE2", kiosk.QuerySelector(".kiosk__venue")!.TextContent, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var venue = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Venues.SingleAsync();
        Assert.Equal(MultiVenue, venue.VenueId);
    }

    [Fact]
    public async Task PastingAVenueQrUrlSetsUpTheKioskWithTheParsedVenueId()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        var setup = await KioskPageAsync(client, "/kiosk/setup");

        var response = await HtmlForm.SubmitAsync(client, setup, "#kiosk-setup", new Dictionary<string, string>
        {
            ["Venue"] = "new",
            ["NewVenue"] = "https://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-MYCOMPANYNAME-SE",
            ["NewVenueName"] = "My Company lobby",
            ["DefaultAction"] = "checkout",
        });

        Assert.Equal("/kiosk", Location(response));
        var kiosk = await KioskPageAsync(client);
        Assert.Contains("My Company lobby", kiosk.QuerySelector(".kiosk__venue")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlInputElement)kiosk.QuerySelector("input[name=ActionType][value=checkout]")!).IsChecked);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal("PROD-201900099X-123456-MYCOMPANYNAME-SE", (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Venues.SingleAsync()).VenueId);
    }

    [Fact]
    public async Task AMalformedVenueIsRefusedWithAFieldMessage()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        var setup = await KioskPageAsync(client, "/kiosk/setup");

        var response = await HtmlForm.SubmitAsync(client, setup, "#kiosk-setup", new Dictionary<string, string>
        {
            ["Venue"] = "new",
            ["NewVenue"] = "https://example.com/somewhere/else",
            ["DefaultAction"] = "checkin",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Contains("not a SafeEntry venue", page.QuerySelector("#NewVenue-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#NewVenue']"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/kiosk", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ACheckInIsStoredSentAndConfirmedWithTheMaskedId()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        var response = await SubmitAsync(client, Visitor(" s1234567d ", "+65 9123 4567"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal($"/kiosk/done/{row.SubmissionId}", Location(response));
        Assert.Equal((SingleVenue, (string?)null, "checkin", "uinfin", "*****567D", "****4567", CheckInSource.Kiosk, "alice"),
            (row.VenueId, row.TenantId, row.ActionType, row.SubType, row.SubMasked, row.MobileMasked, row.Source, row.CreatedBy));
        Assert.Equal("S1234567D", factory.Unprotect(row.ProtectedSub));
        Assert.Equal("91234567", factory.Unprotect(row.ProtectedMobileNo));

        var pending = HtmlForm.Parse(await (await client.GetAsync(new Uri(Location(response)!, UriKind.Relative))).Content.ReadAsStringAsync());
        Assert.Equal("Saved, sending\u2026", pending.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());

        Assert.Equal(1, await factory.DispatchAsync());
        var done = await client.GetAsync(new Uri(Location(response)!, UriKind.Relative));
        var html = await done.Content.ReadAsStringAsync();
        var page = HtmlForm.Parse(html);
        Assert.Equal("Checked in", page.QuerySelector(".kiosk-done__action")!.TextContent.Trim());
        Assert.Contains("*****567D", page.QuerySelector(".kiosk-done__id")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(SingleVenueName, html, StringComparison.Ordinal);
        Assert.Contains("09:30", html, StringComparison.Ordinal);
        Assert.Equal("Accepted by SafeEntry", page.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.DoesNotContain("S1234567D", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("91234567", html, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a#kiosk-next[href='/kiosk']"));
        Assert.Equal("no-store, no-cache, max-age=0", done.Headers.CacheControl!.ToString());

        var received = Assert.Single(await factory.GatewayReceiptsAsync());
        Assert.Equal((SingleVenue, "checkin", "uinfin", "*****567D", "****4567"),
            (received.VenueId, received.ActionType, received.SubType, received.SubMasked, received.MobileMasked));
    }

    [Fact]
    public async Task CheckInAndCheckOutAreAcceptedByTheGatewaySimulatorWhileTheVisitorWaits()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client, MultiVenue, "VENUE3");

        var checkIn = await SubmitAsync(client, Visitor("M5043078W", "8123 4567"));
        var checkInPage = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(Location(checkIn)!, UriKind.Relative)));
        var checkOut = await SubmitAsync(client, Visitor("M5043078W", "8123 4567", action: "checkout"));
        var checkOutPage = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(Location(checkOut)!, UriKind.Relative)));

        Assert.Equal("Accepted by SafeEntry", checkInPage.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.Equal("Checked out", checkOutPage.QuerySelector(".kiosk-done__action")!.TextContent.Trim());
        Assert.Equal("Accepted by SafeEntry", checkOutPage.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.Equal([CheckInStatus.Accepted, CheckInStatus.Accepted], (await RowsAsync(factory)).Select(r => r.Status));
        var received = await factory.GatewayReceiptsAsync();
        Assert.Equal([("checkin", "VENUE3"), ("checkout", "VENUE3")], received.Select(r => (r.ActionType, r.TenantId!)));
    }

    [Fact]
    public async Task InvalidIdAndMobileAreShownNextToTheirFieldsAndNothingIsSubmitted()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        var response = await SubmitAsync(client, Visitor("S1234567A", "6123 4567"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Contains("last letter does not match", page.QuerySelector("#Sub-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("8 digits starting with 8 or 9", page.QuerySelector("#MobileNo-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#Sub']"));
        Assert.NotNull(page.QuerySelector("#error-summary a[href='#MobileNo']"));
        Assert.Equal("true", page.QuerySelector("#Sub")!.GetAttribute("aria-invalid"));
        Assert.Contains("Sub-error", page.QuerySelector("#Sub")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#Sub")!.HasAttribute("autofocus"));
        Assert.Equal("S1234567A", page.QuerySelector("#Sub")!.GetAttribute("value"));
        Assert.Empty(await RowsAsync(factory));
    }

    [Fact]
    public async Task OtherIdsAreCheckedForLengthAndCharacters()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        var refused = await HtmlForm.ReadAsync(await SubmitAsync(client, Visitor("E1234567_X", subType: "others")));
        var accepted = await SubmitAsync(client, Visitor("e1234567-x", subType: "others"));

        Assert.Contains("letters, digits and '-'", refused.QuerySelector("#Sub-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("E1234567-X", factory.Unprotect(Assert.Single(await RowsAsync(factory)).ProtectedSub));
    }

    [Fact]
    public async Task MissingOrForgedAntiforgeryTokensAreRejectedWithNoRowsWritten()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        var page = await KioskPageAsync(client);
        var fields = Visitor();
        fields["SubmissionId"] = Guid.NewGuid().ToString();

        using var withoutToken = new FormUrlEncodedContent(fields);
        var missing = await client.PostAsync(new Uri("/kiosk", UriKind.Relative), withoutToken);

        // A token minted for another browser (another antiforgery cookie and session) does not fit this one.
        using var other = await SignedInAsync(factory, "bob");
        var otherPage = await KioskPageAsyncOrSetUp(other);
        fields["__RequestVerificationToken"] = otherPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var foreignToken = new FormUrlEncodedContent(fields);
        var forged = await client.PostAsync(new Uri("/kiosk", UriKind.Relative), foreignToken);

        fields["__RequestVerificationToken"] = "CfDJ8" + new string('A', 120);
        using var garbageToken = new FormUrlEncodedContent(fields);
        var garbage = await client.PostAsync(new Uri("/kiosk", UriKind.Relative), garbageToken);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Empty(await RowsAsync(factory));
        Assert.NotNull(page.QuerySelector("#kiosk-form input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task SubmittingTheSameFormTwiceStoresOneRow()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        var page = await KioskPageAsync(client);

        var first = await SubmitAsync(client, Visitor(), page);
        var second = await SubmitAsync(client, Visitor(), page);

        Assert.Equal(Location(first), Location(second));
        Assert.Single(await RowsAsync(factory));
        await factory.DispatchAsync();
        var third = await SubmitAsync(client, Visitor(), page);
        Assert.Equal(Location(first), Location(third));
        Assert.Single(await RowsAsync(factory));
        Assert.Single(await factory.GatewayReceiptsAsync());
    }

    [Fact]
    public async Task EachRenderedFormCarriesAFreshSubmissionId()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        var a = (await KioskPageAsync(client)).QuerySelector("input[name=SubmissionId]")!.GetAttribute("value");
        var b = (await KioskPageAsync(client)).QuerySelector("input[name=SubmissionId]")!.GetAttribute("value");

        Assert.True(Guid.TryParse(a, out _));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task CheckOutIsSuggestedWhenTheVisitorCheckedInHereEarlierToday()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D"));
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await SubmitLoginAsync(client, "alice", Password);

        var again = await SubmitAsync(client, Visitor("s1234567d", "81234567"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var page = await HtmlForm.ReadAsync(again);
        Assert.Contains("checked in here at 09:30 today", page.QuerySelector(".kiosk__notice")!.TextContent, StringComparison.Ordinal);
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[name=ActionType][value=checkout]")!).IsChecked);
        Assert.Single(await RowsAsync(factory));

        var confirmed = await HtmlForm.SubmitAsync(client, page, "#kiosk-form");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var rows = await RowsAsync(factory);
        Assert.Equal(["checkin", "checkout"], rows.Select(r => r.ActionType));
        Assert.Equal(rows[0].SubLookup, rows[1].SubLookup);
    }

    [Fact]
    public async Task TheSuggestionIsNotRepeatedOnceTheVisitorChoseCheckInAgain()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D"));
        var suggestion = await HtmlForm.ReadAsync(await SubmitAsync(client, Visitor("S1234567D")));

        var response = await HtmlForm.SubmitAsync(client, suggestion, "#kiosk-form", new Dictionary<string, string> { ["ActionType"] = "checkin" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["checkin", "checkin"], (await RowsAsync(factory)).Select(r => r.ActionType));
    }

    [Fact]
    public async Task NoSuggestionForAnotherVenueAnotherDayOrAfterCheckingOut()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("S1234567D"));
        await SubmitAsync(client, Visitor("T1234567J"));
        await SubmitAsync(client, Visitor("T1234567J", action: "checkout"));

        var otherVenue = Visitor("S1234567D");
        otherVenue["VenueId"] = "STG-180000001W-83339-HAWKERCENTRE-SE";
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, otherVenue)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, Visitor("T1234567J"))).StatusCode);

        factory.Clock.Advance(TimeSpan.FromDays(1));
        await SubmitLoginAsync(client, "alice", Password);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, Visitor("S1234567D"))).StatusCode);
    }

    [Fact]
    public async Task TheSuggestFeedAnswersTheFormScript()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        await SubmitAsync(client, Visitor("G1234567X"));
        var page = await KioskPageAsync(client);
        var token = page.QuerySelector("#kiosk-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        async Task<string> AskAsync(string sub)
        {
            using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Sub"] = sub, ["SubType"] = "uinfin" });
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/kiosk/suggest", UriKind.Relative)) { Content = body };
            request.Headers.Accept.ParseAdd("application/json");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Equal("{\"suggest\":true,\"since\":\"09:30\"}", await AskAsync("g1234567x"));
        Assert.Equal("{\"suggest\":false,\"since\":null}", await AskAsync("S1234567D"));
    }

    // Staff overrides of venue and tenant that pass the kiosk's own checks but not the gateway's.
    public static TheoryData<string?, string?, string, string> GatewayRefusals() => new()
    {
        { "PROD-NOSUCHVENUE-SE", null, "Invalid venue", "VenueId" },
        { "https://www.safeentry-qr.gov.sg/tenant/" + MultiVenue, null, "Missing tenantId", "TenantId" },
        { MultiVenue, "VENUE9", "Invalid tenantId", "TenantId" },
        { null, "VENUE1", "Invalid tenantId", "TenantId" },
    };

    [Theory]
    [MemberData(nameof(GatewayRefusals))]
    public async Task AGatewayRefusalIsShownOnTheFieldItConcerns(string? venueOverride, string? tenantOverride, string gatewayMessage, string field)
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        var visitor = Visitor();
        if (venueOverride is not null)
        {
            visitor["VenueId"] = venueOverride;
        }

        if (tenantOverride is not null)
        {
            visitor["TenantId"] = tenantOverride;
        }

        var page = await KioskPageAsync(client);
        var firstId = page.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value");

        var response = await SubmitAsync(client, visitor, page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = await HtmlForm.ReadAsync(response);
        var expected = GatewayErrors.Map(gatewayMessage)!;
        Assert.Equal(field, expected.Field);
        Assert.Equal(expected.Message, form.QuerySelector($"#{field}-error")!.TextContent.Trim());
        Assert.NotNull(form.QuerySelector($"#error-summary a[href='#{field}']"));
        Assert.Equal("true", form.QuerySelector($"#{field}")!.GetAttribute("aria-invalid"));
        Assert.True(form.QuerySelector("details.kiosk-override")!.HasAttribute("open"));
        Assert.Equal("S1234567D", form.QuerySelector("#Sub")!.GetAttribute("value"));
        Assert.NotEqual(firstId, form.QuerySelector("input[name=SubmissionId]")!.GetAttribute("value"));
        var row = Assert.Single(await RowsAsync(factory));
        Assert.Equal((CheckInStatus.Failed, gatewayMessage), (row.Status, row.LastError));
        Assert.Empty(await factory.GatewayReceiptsAsync());

        var corrected = await HtmlForm.SubmitAsync(client, form, "#kiosk-form", new Dictionary<string, string> { ["VenueId"] = "", ["TenantId"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal([CheckInStatus.Failed, CheckInStatus.Accepted], (await RowsAsync(factory)).Select(r => r.Status));
    }

    [Fact]
    public async Task ARefusalThatArrivesLaterIsShownOnTheConfirmationAndCanBeCorrected()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        // Sent after the visitor has moved on, to a tenant the gateway does not know.
        var visitor = Visitor();
        visitor["TenantId"] = "VENUE1";
        var response = await SubmitAsync(client, visitor);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await factory.DispatchAsync();

        var done = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(Location(response)!, UriKind.Relative)));

        Assert.Equal("Not accepted by SafeEntry", done.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.Contains("tenant", done.QuerySelector("#kiosk-status-reason")!.TextContent, StringComparison.Ordinal);
        var correct = done.QuerySelector("a#kiosk-correct")!;
        Assert.False(correct.HasAttribute("hidden"));

        var form = await KioskPageAsync(client, correct.GetAttribute("href")!);
        Assert.Contains("tenant", form.QuerySelector("#TenantId-error")!.TextContent, StringComparison.Ordinal);
        Assert.True(form.QuerySelector("#TenantId")!.HasAttribute("autofocus"));
        Assert.Equal("VENUE1", form.QuerySelector("#TenantId")!.GetAttribute("value"));
    }

    [Fact]
    public async Task TheStatusFeedReportsTheSubmissionsState()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);
        var done = Location(await SubmitAsync(client, Visitor()))!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(done.Replace("/done/", "/status/", StringComparison.Ordinal), UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.Equal("{\"status\":\"pending\",\"text\":\"Saved, sending\\u2026\",\"reason\":null,\"field\":null}", await response.Content.ReadAsStringAsync());
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(done, UriKind.Relative)));
        Assert.Equal("Saved, sending…", page.QuerySelector("#kiosk-status-chip")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href='/kiosk/log']"));
    }

    [Fact]
    public async Task TheKioskPageIsScannerFriendlyAndLoadsOnlyLocalScripts()
    {
        using var factory = new KioskFactory();
        using var client = await SignedInAsync(factory);
        await SetUpAsync(client);

        var response = await client.GetAsync(new Uri("/kiosk", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlForm.Parse(html);

        Assert.True(page.QuerySelector("#Sub")!.HasAttribute("autofocus"));
        Assert.Equal("off", page.QuerySelector("#Sub")!.GetAttribute("autocomplete"));
        Assert.Equal("off", page.QuerySelector("#MobileNo")!.GetAttribute("autocomplete"));
        Assert.Equal("tel", page.QuerySelector("#MobileNo")!.GetAttribute("inputmode"));
        Assert.NotNull(page.QuerySelector("label[for=Sub]"));
        Assert.NotNull(page.QuerySelector("label[for=MobileNo]"));
        Assert.StartsWith("/js/kiosk.js", page.QuerySelector("script[src]")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.DoesNotMatch(StyleAttribute(), html);
        var script = await client.GetAsync(new Uri("/js/kiosk.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private static async Task<IHtmlDocument> KioskPageAsyncOrSetUp(HttpClient client)
    {
        await SetUpAsync(client);
        return await KioskPageAsync(client);
    }

    [GeneratedRegex(@"\sstyle\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();
}
