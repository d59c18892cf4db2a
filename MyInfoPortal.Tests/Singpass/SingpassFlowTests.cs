using System.Net;
using System.Text.Json.Nodes;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Simulators.Singpass;
using static MyInfoPortal.Tests.Singpass.SingpassCallCounter;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The Singpass FAPI 2.0 sign-in through the real pages: /singpass/login, the embedded simulator's
/// persona and consent pages, /singpass/callback and /profile. The simulator checks every proof; the
/// portal's outbound calls are counted. One portal serves the tests whose state does not interfere
/// (each uses its own browser and counts only its own calls).
/// </summary>
public sealed class SingpassFlowTests(SingpassFactory shared) : IClassFixture<SingpassFactory>
{
    private static readonly string[] DefaultAttributes = ["name", "dob", "birthcountry", "nationality", "uinfin", "sex", "regadd"];

    public static TheoryData<string> Personas() => [.. MyInfoPersonas.All.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task EachPersonaSignsInAndSeesTheirProfileWithTheNricMasked(string personaId)
    {
        var persona = MyInfoPersonas.Find(personaId)!;
        using var browser = shared.CreateBrowser();
        var mark = shared.Calls.Mark();

        await SingpassDriver.SignInAsync(browser, personaId);
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var html = await profile.Content.ReadAsStringAsync();
        using var revealed = await browser.GetAsync(new Uri("/profile?reveal=uinfin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(1, shared.Calls.CountSince(mark, Par));
        Assert.Equal(1, shared.Calls.CountSince(mark, Token));
        Assert.Equal(1, shared.Calls.CountSince(mark, Userinfo));
        var page = HtmlForm.Parse(html);
        Assert.Equal(persona.Name, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("*****" + personaId[^4..], ProfilePage.Value(page, "uinfin"));
        Assert.DoesNotContain(personaId, html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Singpass", page.QuerySelector("[data-testid=resident-provider]")!.TextContent.Trim());
        Assert.Equal(personaId, ProfilePage.Value(await HtmlForm.ReadAsync(revealed), "uinfin"));

        var data = persona.ToJson();
        foreach (var attribute in DefaultAttributes.Where(a => a != "uinfin"))
        {
            Assert.StartsWith("From Myinfo · ", ProfilePage.Source(page, attribute), StringComparison.Ordinal);
            var expected = data[attribute] as JsonObject;
            if (expected is null || expected["unavailable"]?.GetValue<bool>() == true)
            {
                Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, attribute));
            }
            else if (expected["desc"] is { } desc && desc.GetValue<string>().Length > 0)
            {
                Assert.Equal($"{desc.GetValue<string>()} ({expected["code"]!.GetValue<string>()})", ProfilePage.Value(page, attribute));
            }
        }

        var address = data["regadd"]!.AsObject();
        var lines = ProfilePage.Lines(page, "regadd");
        if (address["type"]!.GetValue<string>() == "Unformatted")
        {
            Assert.Equal([address["line1"]!["value"]!.GetValue<string>(), address["line2"]!["value"]!.GetValue<string>()], lines);
        }
        else
        {
            Assert.Equal("SINGAPORE " + address["postal"]!["value"]!.GetValue<string>(), lines[^1]);
        }
    }

    [Fact]
    public async Task LoginRedirectsToTheAuthorizationEndpointWithOnlyClientIdAndRequestUri()
    {
        using var browser = shared.CreateBrowser();

        var authorization = await SingpassDriver.StartAsync(browser);

        Assert.Equal(SingpassFactory.Issuer + "/auth", authorization.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorization.Query);
        Assert.Equal(["client_id", "request_uri"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(SingpassFactory.PortalClientId, query["client_id"].Single());
        Assert.StartsWith(SingpassSimulatorServer.RequestUriPrefix, query["request_uri"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DenyingConsentShowsTheFriendlyPageWithoutATokenCall()
    {
        using var browser = shared.CreateBrowser();
        var mark = shared.Calls.Mark();

        var callback = await SingpassDriver.ToCallbackAsync(browser, "S7204518A", decision: SingpassSimulatorServer.Deny);
        using var page = await browser.GetAsync(callback);

        Assert.Equal("access_denied", SingpassDriver.Parameter(callback, "error"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("You did not share your Myinfo data", await SingpassDriver.PageTextAsync(page), StringComparison.Ordinal);
        Assert.Equal(0, shared.Calls.CountSince(mark, Token));
        Assert.Equal(0, shared.Calls.CountSince(mark, Userinfo));
    }

    [Fact]
    public async Task ReplayedCallbackIsRefusedWithoutASecondTokenCall()
    {
        using var browser = shared.CreateBrowser();
        var mark = shared.Calls.Mark();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S8523671G");
        using var first = await browser.GetAsync(callback);

        using var replay = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("This sign-in cannot be continued", await SingpassDriver.PageTextAsync(replay), StringComparison.Ordinal);
        Assert.Equal(1, shared.Calls.CountSince(mark, Token));
        Assert.Equal(1, shared.Calls.CountSince(mark, Userinfo));
    }

    [Fact]
    public async Task CallbackDeliveredToAnotherBrowserIsRefusedWithoutATokenCall()
    {
        using var victim = shared.CreateBrowser();
        using var attacker = shared.CreateBrowser();
        using var cookieless = shared.CreateBrowser();
        await SingpassDriver.StartAsync(victim);
        var mark = shared.Calls.Mark();

        // Login CSRF: the attacker's own code and state, planted in the victim's browser (and in one with no cookies at all).
        var callback = await SingpassDriver.ToCallbackAsync(attacker, "S9038254C");
        using var planted = await victim.GetAsync(callback);
        using var bare = await cookieless.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, planted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Equal(0, shared.Calls.CountSince(mark, Token));
        using var victimProfile = await victim.GetAsync(new Uri("/profile", UriKind.Relative));
        Assert.DoesNotContain("data-testid=\"resident-provider\"", await victimProfile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallbackNamingAnotherIssuerIsRefusedWithoutATokenCall()
    {
        using var browser = shared.CreateBrowser();
        var mark = shared.Calls.Mark();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S7204518A");
        Assert.Equal(SingpassFactory.Issuer, SingpassDriver.Parameter(callback, "iss"));

        using var response = await browser.GetAsync(SingpassDriver.WithParameter(callback, "iss", "https://id.singpass.gov.sg/fapi"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, shared.Calls.CountSince(mark, Token));
    }

    [Fact]
    public async Task CallbackWithExtraParametersAndWithoutIssIsAccepted()
    {
        using var browser = shared.CreateBrowser();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S6901432A");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query);
        var trimmed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            callback.GetLeftPart(UriPartial.Path),
            new Dictionary<string, string?> { ["code"] = query["code"], ["state"] = query["state"], ["session_state"] = "opaque-extra" });

        using var response = await browser.GetAsync(new Uri(trimmed));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Fact]
    public async Task PortalProvesEachCallAfreshWithOneEphemeralDpopKeyPerSignIn()
    {
        using var browser = shared.CreateBrowser();
        var mark = shared.Calls.Mark();
        await SingpassDriver.SignInAsync(browser, "S7204518A");
        var first = shared.Calls.Sent.Skip(mark).Where(r => r.Endpoint is Par or Token or Userinfo).ToList();
        mark = shared.Calls.Mark();
        await SingpassDriver.SignInAsync(browser, "S7204518A");
        var second = shared.Calls.Sent.Skip(mark).Where(r => r.Endpoint is Par or Token or Userinfo).ToList();

        Assert.Equal([Par, Token, Userinfo], first.Select(r => r.Endpoint));
        var firstKeys = first.Select(r => ProofInspection.Decode(r.Dpop!).Header["jwk"]!.ToJsonString()).Distinct().ToList();
        var secondKeys = second.Select(r => ProofInspection.Decode(r.Dpop!).Header["jwk"]!.ToJsonString()).Distinct().ToList();
        Assert.Single(firstKeys);
        Assert.Single(secondKeys);
        Assert.NotEqual(firstKeys[0], secondKeys[0]);

        // The registered signing key never doubles as the DPoP key.
        var registered = SingpassFactory.PortalKeys.SigningKeys.Single();
        Assert.DoesNotContain(registered.X, firstKeys[0], StringComparison.Ordinal);

        // Each PAR and token call carries its own client assertion for the issuer, and the token call the PKCE verifier.
        var assertions = first.Concat(second).Where(r => r.Endpoint is Par or Token).Select(r => ProofInspection.Decode(r.Form["client_assertion"])).ToList();
        Assert.Equal(4, assertions.Select(a => a.Payload["jti"]!.GetValue<string>()).Distinct().Count());
        Assert.All(assertions, a => Assert.Equal(SingpassFactory.Issuer, a.Payload["aud"]!.GetValue<string>()));
        Assert.Equal(43, first[1].Form["code_verifier"].Length);
        Assert.StartsWith("DPoP ", first[2].Authorization, StringComparison.Ordinal);
        Assert.Equal(ProofBuilder.AccessTokenHash(first[2].Authorization![5..]), ProofInspection.Decode(first[2].Dpop!).Payload["ath"]!.GetValue<string>());
        Assert.Equal(4, first.Concat(second).Where(r => r.Endpoint is Par or Token).Select(r => ProofInspection.Decode(r.Dpop!).Payload["jti"]!.GetValue<string>()).Distinct().Count());
    }
}
