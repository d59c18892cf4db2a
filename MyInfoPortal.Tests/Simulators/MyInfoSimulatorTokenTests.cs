using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.MyInfo;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Simulators;

public sealed class MyInfoSimulatorTokenTests
{
    [Fact]
    public async Task TokenExchangeReturnsAnRs256AccessTokenForTheConsentedPersona()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync("S8523671G", "name,uinfin,regadd");

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(1799, body.RootElement.GetProperty("expires_in").GetInt64());
        Assert.Equal("name uinfin regadd", body.RootElement.GetProperty("scope").GetString());

        var token = body.RootElement.GetProperty("access_token").GetString()!;
        var header = JsonDocument.Parse(Base64Url.Decode(token.Split('.')[0])).RootElement;
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        using var simulatorKey = sim.SimulatorPublicKey;
        using var claims = JsonDocument.Parse(JwsCodec.Verify(token, simulatorKey));
        var root = claims.RootElement;
        Assert.Equal("S8523671G", root.GetProperty("sub").GetString());
        Assert.Equal(MyInfoSimulatorHarness.ClientId, root.GetProperty("aud").GetString());
        Assert.Equal("http://localhost/sim/myinfo/v3", root.GetProperty("iss").GetString());
        Assert.Equal(["name", "uinfin", "regadd"], root.GetProperty("scope").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var now = sim.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(now, root.GetProperty("iat").GetInt64());
        Assert.Equal(now, root.GetProperty("nbf").GetInt64());
        Assert.Equal(now + 1800, root.GetProperty("exp").GetInt64());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task TokenRejectsASignatureMadeWithAnotherKey()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        using var stranger = RSA.Create(2048);

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret), key: stranger);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid signature");
        await AssertCodeUnusedAsync(sim, code);
    }

    [Fact]
    public async Task TokenRejectsASignatureOverDifferentFields()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var signedForm = MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret);

        // Signed over one body, sent with another: the server rebuilds the base string from what arrived.
        using var request = sim.SignedTokenRequest(signedForm);
        var sentForm = signedForm.Where(p => p.Key != "state").Append(new("state", "other-state")).ToList();
        request.Content = new FormUrlEncodedContent(sentForm);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid signature");
    }

    [Fact]
    public async Task TokenRejectsAnUnknownAppId()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret), appId: "SOMEONE-ELSE");
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid app_id");
    }

    [Theory]
    [InlineData(-61)]
    [InlineData(61)]
    [InlineData(-3600)]
    public async Task TokenRejectsATimestampOutsideTheSkew(int offsetSeconds)
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var skewedClock = new TestClock(sim.Clock.GetUtcNow().AddSeconds(offsetSeconds));

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret), clock: skewedClock);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Timestamp out of sync");
        await AssertCodeUnusedAsync(sim, code);
    }

    [Fact]
    public async Task TokenAcceptsATimestampJustInsideTheSkew()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var skewedClock = new TestClock(sim.Clock.GetUtcNow().AddSeconds(-59));

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret), clock: skewedClock);
        var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AReplayIsStillRefusedOnceItsNonceHasBeenPurged()
    {
        // The nonce ledger keeps a nonce for twice the skew: by then any replay carries a timestamp out of
        // sync, even one signed as far ahead of the simulator's clock as the skew allows.
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var form = MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret);
        using var original = sim.SignedTokenRequest(form, clock: new TestClock(sim.Clock.GetUtcNow().AddSeconds(59)));
        var header = original.Headers.GetValues("Authorization").Single();
        Assert.Equal(HttpStatusCode.OK, (await sim.Browser.SendAsync(original)).StatusCode);
        var housekeeping = sim.Services.GetRequiredService<SimulatorHousekeeping>();

        sim.Clock.Advance(housekeeping.NonceRetention - TimeSpan.FromSeconds(1));
        await housekeeping.PurgeAsync(CancellationToken.None);
        Assert.Equal(1, await NonceCountAsync(sim));
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        await housekeeping.PurgeAsync(CancellationToken.None);
        Assert.Equal(0, await NonceCountAsync(sim));
        using var replay = Replay(form, header);

        await AssertErrorAsync(await sim.Browser.SendAsync(replay), 401, "Timestamp out of sync");
        Assert.Equal(TimeSpan.FromMinutes(2), housekeeping.NonceRetention);
    }

    [Fact]
    public async Task TokenRejectsAReplayedRequestByItsNonce()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var form = MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret);
        using var original = sim.SignedTokenRequest(form);
        var header = original.Headers.GetValues("Authorization").Single();

        var first = await sim.Browser.SendAsync(original);
        using var replay = Replay(form, header);
        var second = await sim.Browser.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertErrorAsync(second, 401, "Nonce has already been used");
        Assert.Equal(1, await NonceCountAsync(sim));
    }

    [Fact]
    public async Task TokenRejectsAWrongClientSecret()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, "not-the-secret"));
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid client_secret");
        await AssertCodeUnusedAsync(sim, code);
    }

    [Fact]
    public async Task TokenRejectsARedirectUriOtherThanTheAuthorisedOne()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        using var wrong = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret, redirectUri: "http://localhost/callback/"));
        var response = await sim.Browser.SendAsync(wrong);

        await AssertErrorAsync(response, 400, "redirect_uri does not match the authorisation request");
        await AssertCodeUnusedAsync(sim, code);
    }

    [Fact]
    public async Task TokenRejectsAReusedCode()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        using var first = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        var firstResponse = await sim.Browser.SendAsync(first);
        using var second = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        var secondResponse = await sim.Browser.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        await AssertErrorAsync(secondResponse, 400, "Authorization code has already been used");
    }

    [Fact]
    public async Task ConcurrentExchangesOfOneCodeYieldExactlyOneToken()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
            return await sim.Browser.SendAsync(request);
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task TokenRejectsAnExpiredCode()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        sim.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 400, "Authorization code has expired");
    }

    [Fact]
    public async Task AnExpiredCodeIsReportedAsSuchForItsRetentionThenPurged()
    {
        using var sim = new MyInfoSimulatorHarness();
        sim.With("Simulators:MyInfo:CodeRetention", "00:10:00");
        var code = await sim.IssueCodeAsync();
        var housekeeping = sim.Services.GetRequiredService<SimulatorHousekeeping>();

        // The code lives 5 minutes (the default) and is kept 10 more.
        sim.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        await housekeeping.PurgeAsync(CancellationToken.None);
        using var withinRetention = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        await AssertErrorAsync(await sim.Browser.SendAsync(withinRetention), 400, "Authorization code has expired");
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        await housekeeping.PurgeAsync(CancellationToken.None);
        using var pastRetention = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));

        await AssertErrorAsync(await sim.Browser.SendAsync(pastRetention), 400, "Invalid authorization code");
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    public void CodeRetentionIsBetweenNothingAndADay(string retention, bool valid)
    {
        var options = new SimulatorOptions
        {
            MyInfo =
            {
                Enabled = true,
                SigningKeyPath = TestKeys.Shared.MyInfo.KeyPath,
                ClientCertificatePath = TestKeys.Shared.Client.CertificatePath,
                ClientId = MyInfoSimulatorHarness.ClientId,
                ClientSecret = "secret",
                RedirectUri = MyInfoSimulatorHarness.RedirectUri,
                CodeRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture),
            },
        };

        var result = new MyInfoSimulatorOptionsValidator().Validate(null, options);

        Assert.Equal(valid ? null : ["Simulators:MyInfo:CodeRetention must be between 0 and 1 day."], result.Failures);
    }

    [Fact]
    public async Task AFailureToRecordTheNonceIsNotReportedAsAReplay()
    {
        // Only the unique index's refusal means "seen before"; any other database failure must show as one.
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        await using (var scope = sim.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SimulatorDbContext>().Database.ExecuteSqlRawAsync("DROP TABLE UsedNonces");
        }

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        using var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("Nonce has already been used", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRejectsAnUnknownCode()
    {
        using var sim = new MyInfoSimulatorHarness();
        await sim.IssueCodeAsync();

        using var request = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm("made-up-code", sim.ClientSecret));
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 400, "Invalid authorization code");
    }

    [Fact]
    public async Task TokenRejectsAMissingOrMalformedAuthorizationHeader()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();

        using var none = new HttpRequestMessage(HttpMethod.Post, MyInfoSimulatorHarness.TokenUrl) { Content = new FormUrlEncodedContent(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret)) };
        var noHeader = await sim.Browser.SendAsync(none);
        using var bearer = new HttpRequestMessage(HttpMethod.Post, MyInfoSimulatorHarness.TokenUrl) { Content = new FormUrlEncodedContent(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret)) };
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer something");
        var wrongScheme = await sim.Browser.SendAsync(bearer);

        await AssertErrorAsync(noHeader, 401, "Missing or malformed PKI_SIGN authorization header");
        await AssertErrorAsync(wrongScheme, 401, "Missing or malformed PKI_SIGN authorization header");
        await AssertCodeUnusedAsync(sim, code);
    }

    [Fact]
    public async Task TokenRejectsAnotherGrantType()
    {
        using var sim = new MyInfoSimulatorHarness();
        var code = await sim.IssueCodeAsync();
        var form = MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret).Where(p => p.Key != "grant_type").Append(new("grant_type", "client_credentials")).ToList();

        using var request = sim.SignedTokenRequest(form);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 400, "Invalid grant_type");
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var (code, text) = await MyInfoSimulatorHarness.ReadErrorAsync(response);
        Assert.Equal(status, code);
        Assert.Equal(message, text);
    }

    /// <summary>The same token form sent again under a header that was already used.</summary>
    private static HttpRequestMessage Replay(List<KeyValuePair<string, string>> form, string authorization)
    {
        var replay = new HttpRequestMessage(HttpMethod.Post, MyInfoSimulatorHarness.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        replay.Headers.TryAddWithoutValidation("Authorization", authorization);
        return replay;
    }

    private static async Task<int> NonceCountAsync(MyInfoSimulatorHarness sim)
    {
        await using var scope = sim.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SimulatorDbContext>().UsedNonces.CountAsync(n => n.Scope == SimulatorNonceLedger.MyInfo);
    }

    private static async Task AssertCodeUnusedAsync(MyInfoSimulatorHarness sim, string code)
    {
        await using var scope = sim.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        var hash = Hashing.Sha256Hex(code);
        var row = await db.SimulatorAuthCodes.SingleAsync(c => c.CodeHash == hash);
        Assert.Null(row.UsedAt);
        Assert.DoesNotContain(code, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(row)), StringComparison.Ordinal);
    }
}
