using System.Net;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Simulators.Singpass;
using static MyInfoPortal.Tests.Singpass.SingpassCallCounter;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The portal when Singpass changes or fails under it: a signing key rotated mid-session, a server that is
/// down, erroring or slow, and a token step the server refuses. Each test has its own portal (they move
/// the clock or flip the simulator's fault switch).
/// </summary>
public sealed class SingpassRecoveryTests
{
    [Fact]
    public async Task JwksRotatedMidSessionIsRefetchedOnceAndTheSignInSucceeds()
    {
        using var factory = new SingpassFactory();
        using var early = factory.CreateBrowser();
        using var midway = factory.CreateBrowser();
        using var late = factory.CreateBrowser();
        await SingpassDriver.SignInAsync(early, "S7204518A");
        Assert.Equal(1, factory.Calls.Count(Jwks));

        // A sign-in already at Singpass when the issuer starts signing with a key the portal has not seen.
        var callback = await SingpassDriver.ToCallbackAsync(midway, "S8523671G");
        factory.Control.Set(SingpassFault.JwksRotated);
        using var completed = await midway.GetAsync(callback);
        await SingpassDriver.SignInAsync(late, "T0412876H");

        Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        Assert.Equal("/profile", completed.Headers.Location!.OriginalString);
        Assert.Equal(2, factory.Calls.Count(Jwks));
        Assert.Equal(1, factory.Calls.Count(Discovery));
        Assert.Equal(3, factory.Calls.Count(Userinfo));
        using var profile = await midway.GetAsync(new Uri("/profile", UriKind.Relative));
        Assert.Equal("NUR AISYAH BINTE ROSLAN", (await HtmlForm.ReadAsync(profile)).QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task UnknownKidsCannotMakeThePortalRefetchTheJwksMoreThanOnceAMinute()
    {
        using var factory = new SingpassFactory();
        using var browser = factory.CreateBrowser();
        await SingpassDriver.SignInAsync(browser, "S7204518A");
        factory.Control.Set(SingpassFault.JwksRotated);
        await SingpassDriver.SignInAsync(browser, "S7204518A");
        Assert.Equal(2, factory.Calls.Count(Jwks));

        // A second rotation within the refresh floor: the unknown kid is not chased at once.
        factory.Control.Set(SingpassFault.JwksRotated);
        using var refused = await browser.GetAsync(await SingpassDriver.ToCallbackAsync(browser, "S7204518A"));
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(2, factory.Calls.Count(Jwks));

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await SingpassDriver.SignInAsync(browser, "S7204518A");
        Assert.Equal(3, factory.Calls.Count(Jwks));
    }

    [Theory]
    [InlineData(SingpassFault.Down)]
    [InlineData(SingpassFault.Error)]
    public async Task SingpassFailingAtLoginShowsTheFriendlyPageWithARequestId(SingpassFault fault)
    {
        using var factory = new SingpassFactory();
        using var browser = factory.CreateBrowser();
        factory.Control.Set(fault);

        using var response = await browser.GetAsync(new Uri("/singpass/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertFriendlyProblemAsync(response, "upstream_unavailable");
        Assert.Equal(0, factory.Calls.Count(Par));
    }

    [Theory]
    [InlineData(SingpassFault.Down)]
    [InlineData(SingpassFault.Error)]
    public async Task SingpassFailingAtTheTokenStepShowsTheFriendlyPageWithoutAUserinfoCall(SingpassFault fault)
    {
        using var factory = new SingpassFactory();
        using var browser = factory.CreateBrowser();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S7204518A");
        factory.Control.Set(fault);

        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertFriendlyProblemAsync(response, "upstream_unavailable");
        Assert.Equal(1, factory.Calls.Count(Token));
        Assert.Equal(0, factory.Calls.Count(Userinfo));
    }

    [Fact]
    public async Task SlowSingpassTimesOutIntoTheFriendlyPage()
    {
        using var factory = new SingpassFactory();
        factory.With("Singpass:RequestTimeout", "00:00:01");
        using var browser = factory.CreateBrowser();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S7204518A");
        factory.Control.Set(SingpassFault.Slow);

        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        await AssertFriendlyProblemAsync(response, "upstream_timeout");
        Assert.Equal(1, factory.Calls.Count(Token));
        Assert.Equal(0, factory.Calls.Count(Userinfo));
    }

    [Fact]
    public async Task CodeExpiredAtSingpassStopsBeforeUserinfo()
    {
        using var factory = new SingpassFactory();
        using var browser = factory.CreateBrowser();
        var callback = await SingpassDriver.ToCallbackAsync(browser, "S7204518A");

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        using var response = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertFriendlyProblemAsync(response, "token_exchange_failed");
        Assert.Equal(1, factory.Calls.Count(Token));
        Assert.Equal(0, factory.Calls.Count(Userinfo));
        Assert.Contains(factory.Control.Requests, r => r is { Endpoint: "token", Status: 400, Error: "invalid_grant" });
    }

    [Fact]
    public async Task CodeFromAnotherSignInFailsPkceAndStopsBeforeUserinfo()
    {
        using var factory = new SingpassFactory();
        using var browser = factory.CreateBrowser();

        // Two sign-ins side by side in one browser; the first one's code arrives with the second one's state.
        var first = await SingpassDriver.ToCallbackAsync(browser, "S7204518A");
        var second = await SingpassDriver.ToCallbackAsync(browser, "S9038254C");
        var swapped = SingpassDriver.WithParameter(second, "code", SingpassDriver.Parameter(first, "code"));

        using var response = await browser.GetAsync(swapped);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await AssertFriendlyProblemAsync(response, "token_exchange_failed");
        Assert.Equal(1, factory.Calls.Count(Token));
        Assert.Equal(0, factory.Calls.Count(Userinfo));
        Assert.Contains(factory.Control.Requests, r => r is { Endpoint: "token", Status: 400, Error: "invalid_grant" });
    }

    [Fact]
    public async Task UseDpopNonceIsAnsweredWithOneRetryCarryingTheNonceAndFreshProofs()
    {
        using var factory = new SingpassFactory();
        factory.NonceChallenger.DemandOn(Par, Token, Userinfo);
        using var browser = factory.CreateBrowser();

        await SingpassDriver.SignInAsync(browser, "S7204518A");

        var sent = factory.Calls.Sent.Where(r => r.Endpoint is Par or Token or Userinfo).ToList();
        Assert.Equal([Par, Par, Token, Token, Userinfo, Userinfo], sent.Select(r => r.Endpoint));
        foreach (var pair in sent.Chunk(2))
        {
            var first = ProofInspection.Decode(pair[0].Dpop!).Payload;
            var retry = ProofInspection.Decode(pair[1].Dpop!).Payload;
            Assert.False(first.ContainsKey("nonce"));
            Assert.Equal(factory.NonceChallenger.IssuedFor(pair[0].Endpoint), retry["nonce"]!.GetValue<string>());
            Assert.NotEqual(first["jti"]!.GetValue<string>(), retry["jti"]!.GetValue<string>());
            if (pair[0].Endpoint != Userinfo)
            {
                Assert.NotEqual(
                    ProofInspection.Decode(pair[0].Form["client_assertion"]).Payload["jti"]!.GetValue<string>(),
                    ProofInspection.Decode(pair[1].Form["client_assertion"]).Payload["jti"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task ServerThatKeepsAskingForANonceGetsOneRetryOnly()
    {
        using var factory = new SingpassFactory();
        factory.NonceChallenger.NeverSatisfied = true;
        factory.NonceChallenger.DemandOn(Par);
        using var browser = factory.CreateBrowser();

        using var login = await browser.GetAsync(new Uri("/singpass/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadGateway, login.StatusCode);
        await AssertFriendlyProblemAsync(login, "authorization_refused");
        Assert.Equal(2, factory.Calls.Count(Par));

        factory.NonceChallenger.DemandOn(Token);
        using var callback = await browser.GetAsync(await SingpassDriver.ToCallbackAsync(browser, "S7204518A"));

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        await AssertFriendlyProblemAsync(callback, "token_exchange_failed");
        Assert.Equal(2, factory.Calls.Count(Token));
        Assert.Equal(0, factory.Calls.Count(Userinfo));
    }

    private static async Task AssertFriendlyProblemAsync(HttpResponseMessage response, string code)
    {
        var page = await HtmlForm.ReadAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=request-id]")?.TextContent));
        Assert.Equal(code, page.QuerySelector("[data-testid=problem-code]")?.TextContent.Trim());
        Assert.Contains("Nothing was stored", page.Body!.TextContent, StringComparison.Ordinal);
    }
}
