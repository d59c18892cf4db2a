using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.MyInfo;

public sealed class ProfilePageTests
{
    [Fact]
    public async Task ProfileShowsEachFieldWithItsDescriptionAndSource()
    {
        using var factory = new MyInfoFactory();
        factory.With("MyInfo:Attributes", "name,dob,birthcountry,nationality,uinfin,sex,regadd,mobileno,email,vehicles,cpfbalances");
        using var browser = await SignedInAsync(factory, "S9812381D");

        using var response = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var page = await HtmlForm.ReadAsync(response);

        Assert.Equal("TAN HENG HUAT", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("*****381D", ProfilePage.Value(page, "uinfin"));
        Assert.Equal("MALE (M)", ProfilePage.Value(page, "sex"));
        Assert.Equal("6 October 1988", ProfilePage.Value(page, "dob"));
        Assert.Equal("SINGAPORE CITIZEN (SG)", ProfilePage.Value(page, "nationality"));
        Assert.Equal("SINGAPORE (SG)", ProfilePage.Value(page, "birthcountry"));
        Assert.Equal(["BLK 319", "#38-10 ANCHORVALE DRIVE", "SINGAPORE 542319"], ProfilePage.Lines(page, "regadd"));
        Assert.Equal("+65 97399245", ProfilePage.Value(page, "mobileno"));
        Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, "email"));
        Assert.Equal("SJA1234Z", ProfilePage.Value(page, "vehicles-1-vehicleno"));
        Assert.Equal("TOYOTA", ProfilePage.Value(page, "vehicles-1-make"));
        Assert.Equal("11470.71", ProfilePage.Value(page, "cpfbalances-ma"));
        Assert.Equal("From Myinfo · Government-verified · updated 14 July 2022", ProfilePage.Source(page, "name"));
        Assert.Equal("From Myinfo · Verified by Singpass · updated 14 July 2022", ProfilePage.Source(page, "mobileno"));
        Assert.Equal("From Myinfo · User-provided · updated 14 July 2022", ProfilePage.Source(page, "email"));
        Assert.NotNull(page.QuerySelector("#self-check-in"));
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task UnformattedAddressAndPunctuatedNameAreShownSafely()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S6005055D");

        using var response = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlForm.Parse(html);

        Assert.Equal("MY.INFO:CC, 100% S/O TEST", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["10 JALAN <b>BUKIT</b>", "KUALA LUMPUR 50450"], ProfilePage.Lines(page, "regadd"));
        Assert.Contains("10 JALAN &lt;b&gt;BUKIT&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("#field-regadd b"));
        Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, "dob"));
        Assert.Equal("From Myinfo · Not applicable · updated 14 July 2022", ProfilePage.Source(page, "dob"));
    }

    [Fact]
    public async Task RevealShowsTheFullNricOnRequestOnly()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");

        using var masked = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var maskedPage = await HtmlForm.ReadAsync(masked);
        var reveal = maskedPage.QuerySelector("#field-uinfin a.profile-field__reveal")!.GetAttribute("href")!;
        using var revealed = await browser.GetAsync(new Uri(reveal, UriKind.Relative));
        var revealedPage = await HtmlForm.ReadAsync(revealed);

        Assert.DoesNotContain("S9812381D", await masked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/profile?reveal=uinfin#field-uinfin", reveal);
        Assert.Equal("S9812381D", ProfilePage.Value(revealedPage, "uinfin"));
        Assert.Contains("no-store", revealed.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Hide", revealedPage.QuerySelector("#field-uinfin a.profile-field__reveal")!.TextContent.Trim());
    }

    [Fact]
    public async Task SignOutDeletesTheSessionRowAndCookiesAndLeavesNothingToShow()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        using var signOut = await HtmlForm.SubmitAsync(browser, await HtmlForm.ReadAsync(profile), "form.profile__signout");
        using var after = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal("/signed-out", signOut.Headers.Location!.OriginalString);
        var cleared = signOut.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cleared, c => c.StartsWith("mip-resident=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cleared, c => c.StartsWith("mip-myinfo=;", StringComparison.Ordinal));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ResidentSessions.CountAsync());
        }

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var text = await FlowDriver.PageTextAsync(after);
        Assert.Contains("There is no Myinfo profile to show", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TAN HENG HUAT", text, StringComparison.Ordinal);
        Assert.Contains("no-store", after.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutWithoutAntiforgeryTokenIsRefused()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");

        using var forged = await browser.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ResidentSessions.CountAsync());
    }

    [Fact]
    public async Task ProfileExpiresAfterItsLifetime()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");

        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        using var response = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        Assert.Contains("There is no Myinfo profile to show", await FlowDriver.PageTextAsync(response), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ResidentSessions.CountAsync());
    }

    [Fact]
    public async Task HousekeepingDeletesExpiredProfilesAndSpentFlowsWithoutAVisit()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");
        var scopes = factory.Services.GetRequiredService<IServiceScopeFactory>();

        var early = await Web.Features.Profile.ResidentDataHousekeeping.RunOnceAsync(scopes, CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        var afterProfileLifetime = await Web.Features.Profile.ResidentDataHousekeeping.RunOnceAsync(scopes, CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var afterFlowRetention = await Web.Features.Profile.ResidentDataHousekeeping.RunOnceAsync(scopes, CancellationToken.None);

        Assert.Equal((0, 0), early);
        Assert.Equal((1, 0), afterProfileLifetime);
        Assert.Equal((0, 1), afterFlowRetention);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(0, await db.ResidentSessions.CountAsync());
        Assert.Equal(0, await db.LoginFlows.CountAsync());
    }

    [Fact]
    public async Task SpentFlowsAreKeptForTheConfiguredRetentionAfterTheirStateExpired()
    {
        using var factory = new MyInfoFactory();
        factory.With("MyInfo:FlowRetention", "00:02:00");
        using var browser = await SignedInAsync(factory, "S9812381D");
        var scopes = factory.Services.GetRequiredService<IServiceScopeFactory>();

        // The state lives 10 minutes (the default), then the flow is kept 2 more; the profile lives 15.
        factory.Clock.Advance(TimeSpan.FromMinutes(12) - TimeSpan.FromSeconds(1));
        var withinRetention = await Web.Features.Profile.ResidentDataHousekeeping.RunOnceAsync(scopes, CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var pastRetention = await Web.Features.Profile.ResidentDataHousekeeping.RunOnceAsync(scopes, CancellationToken.None);

        Assert.Equal((0, 0), withinRetention);
        Assert.Equal((0, 1), pastRetention);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(0, await db.LoginFlows.CountAsync());
        Assert.Equal(1, await db.ResidentSessions.CountAsync());
    }

    [Fact]
    public async Task ProfileAccessorGivesOtherFeaturesTheCurrentResident()
    {
        using var factory = new MyInfoFactory();
        using var browser = await SignedInAsync(factory, "S9812381D");
        using var response = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var session = response.RequestMessage!.Headers.GetValues("Cookie").Single();
        var token = session.Split("; ").Single(c => c.StartsWith("mip-resident=", StringComparison.Ordinal))["mip-resident=".Length..];

        await using var scope = factory.Services.CreateAsyncScope();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Cookie = "mip-resident=" + token;
        var accessor = scope.ServiceProvider.GetRequiredService<Web.Features.Profile.IResidentProfileAccessor>();
        var person = await accessor.GetCurrentAsync(context);

        Assert.NotNull(person);
        Assert.Equal("S9812381D", person.Uinfin);
        Assert.Equal("97399245", person.SingaporeMobileNumber);
    }

    [Theory]
    [InlineData(Web.Integrations.MyInfo.MyInfoFailure.UpstreamUnavailable, HttpStatusCode.BadGateway, "Myinfo is not available at the moment.")]
    [InlineData(Web.Integrations.MyInfo.MyInfoFailure.UpstreamTimeout, HttpStatusCode.GatewayTimeout, "Myinfo did not answer in time.")]
    [InlineData(Web.Integrations.MyInfo.MyInfoFailure.PersonRejected, HttpStatusCode.BadGateway, "We could not verify the profile Myinfo sent")]
    public async Task UpstreamFailureShowsAnHonestPageWithTryAgain(Web.Integrations.MyInfo.MyInfoFailure failure, HttpStatusCode status, string message)
    {
        using var factory = new MyInfoFactory();
        factory.With("MyInfo:RequestTimeout", "00:00:00.500");
        switch (failure)
        {
            case Web.Integrations.MyInfo.MyInfoFailure.UpstreamUnavailable:
                factory.Fake.TokenStatus = HttpStatusCode.ServiceUnavailable;
                break;
            case Web.Integrations.MyInfo.MyInfoFailure.UpstreamTimeout:
                factory.Fake.TokenDelay = TimeSpan.FromSeconds(10);
                break;
            default:
                factory.Fake.PersonBodyFactory = body => body[..^8] + "AAAAAAAA";
                break;
        }

        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));

        Assert.Equal(status, complete.StatusCode);
        var page = await HtmlForm.ReadAsync(complete);
        Assert.Contains(message, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("a"), a => a.TextContent.Trim() == "Try again" && a.GetAttribute("href") == "/login");
        Assert.DoesNotContain("upstream detail", page.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page.Body.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("link[href^='/css/site.css']"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ResidentSessions.CountAsync());
    }

    internal static async Task<HttpClient> SignedInAsync(MyInfoFactory factory, string subject)
    {
        var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        await FlowDriver.CompletePageFlowAsync(browser, factory.Fake.IssueCode(subject), state);
        return browser;
    }
}
