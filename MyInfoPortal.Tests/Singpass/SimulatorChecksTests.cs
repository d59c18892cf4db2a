using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Simulators.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// What a strict FAPI 2.0 server checks (the shared protocol notes' last section and the issue's list),
/// each tried against the embedded simulator by a small relying party that gets exactly one thing wrong,
/// and each refused with Singpass's error code. The first test is the same client getting everything
/// right, so every refusal below has the one cause its test names.
/// </summary>
public sealed class SimulatorChecksTests(SingpassFactory shared) : IClassFixture<SingpassFactory>
{
    private const string InvalidClient = "invalid_client";
    private const string InvalidDpopProof = "invalid_dpop_proof";
    private const string InvalidRequest = "invalid_request";
    private const string InvalidScope = "invalid_scope";
    private const string InvalidGrant = "invalid_grant";

    private FapiTestClient Client() => new(shared, SingpassFactory.RelyingPartyOne);

    [Fact]
    public async Task CorrectClientCompletesParTokenAndUserinfo()
    {
        using var rp = Client();

        var code = await rp.CodeAsync("S8810346G");
        var tokens = await rp.TokenAsync(code);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        using var userinfo = await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo", accessToken));

        Assert.Equal("DPoP", tokens.GetProperty("token_type").GetString());
        Assert.Equal(rp.DpopKey.Thumbprint(), ProofInspection.Decode(accessToken).Payload["cnf"]!["jkt"]!.GetValue<string>());
        var idToken = await OpenAsync(tokens.GetProperty("id_token").GetString()!, rp.Party, "A256CBC-HS512");
        Assert.Equal(SingpassFactory.Issuer, idToken["iss"]!.GetValue<string>());
        Assert.Equal(rp.ClientId, idToken["aud"]!.GetValue<string>());
        Assert.Equal(rp.Nonce, idToken["nonce"]!.GetValue<string>());
        Assert.True(Guid.TryParse(idToken["sub"]!.GetValue<string>(), out _));

        Assert.Equal(HttpStatusCode.OK, userinfo.StatusCode);
        Assert.Equal("application/jwt", userinfo.Content.Headers.ContentType!.MediaType);
        var person = await OpenAsync(await userinfo.Content.ReadAsStringAsync(), rp.Party, "A256GCM");
        Assert.Equal(idToken["sub"]!.GetValue<string>(), person["sub"]!.GetValue<string>());
        Assert.Equal("S8810346G", person["person_info"]!["uinfin"]!["value"]!.GetValue<string>());
        Assert.Equal("Unformatted", person["person_info"]!["regadd"]!["type"]!.GetValue<string>());
    }

    // ---- client assertion (PAR and token) ----

    [Fact]
    public async Task AssertionWithABadSignatureIsRefused()
    {
        using var rp = Client();
        var impostor = EcJwk.Generate("P-256", null, null, null);

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(_ => { }, key: impostor)), rp.Proof("POST", "par")), InvalidClient);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(TestJws.Tampered(rp.Assertion())), rp.Proof("POST", "par")), InvalidClient);

        // The client's own encryption key is registered, but not for signing.
        var encryption = rp.Party.EncryptionKey;
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(_ => { }, key: encryption, kid: encryption.Kid)), rp.Proof("POST", "par")), InvalidClient);
    }

    [Theory]
    [InlineData("endpoint")]
    [InlineData("array")]
    [InlineData("trailing-slash")]
    [InlineData("token-endpoint")]
    [InlineData("missing")]
    public async Task AssertionForAnythingButTheIssuerStringIsRefused(string audience)
    {
        using var rp = Client();
        var assertion = rp.Assertion(claims =>
        {
            if (audience == "missing")
            {
                claims.Remove("aud");
                return;
            }

            claims["aud"] = audience switch
            {
                "endpoint" => SingpassFactory.Issuer + "/par",
                "array" => new JsonArray(SingpassFactory.Issuer),
                "trailing-slash" => SingpassFactory.Issuer + "/",
                _ => SingpassFactory.Issuer + "/token",
            };
        });

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(assertion), rp.Proof("POST", "par")), InvalidClient);
    }

    [Fact]
    public async Task AssertionLivingLongerThan120SecondsIsRefused()
    {
        using var rp = Client();
        var iat = rp.Now.ToUnixTimeSeconds();

        using var exactly120 = await rp.PushAsync(rp.ParForm(rp.Assertion(c => c["exp"] = iat + 120)), rp.Proof("POST", "par"));

        Assert.Equal(HttpStatusCode.Created, exactly120.StatusCode);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(c => c["exp"] = iat + 121)), rp.Proof("POST", "par")), InvalidClient);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(c => c.Remove("iat"))), rp.Proof("POST", "par")), InvalidClient);
    }

    [Fact]
    public async Task ExpiredAssertionIsRefused()
    {
        using var rp = Client();
        var past = rp.Now.AddMinutes(-5).ToUnixTimeSeconds();

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(c => { c["iat"] = past; c["exp"] = past + 60; })), rp.Proof("POST", "par")), InvalidClient);
    }

    [Fact]
    public async Task ReusedAssertionJtiIsRefused()
    {
        using var rp = Client();
        var assertion = rp.Assertion();

        using var first = await rp.PushAsync(rp.ParForm(assertion), rp.Proof("POST", "par"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(assertion), rp.Proof("POST", "par")), InvalidClient);

        // The same jti in a new assertion is a replay too, and so is reusing the PAR's assertion at the token endpoint.
        var jti = ProofInspection.Decode(assertion).Payload["jti"]!.GetValue<string>();
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(c => c["jti"] = jti)), rp.Proof("POST", "par")), InvalidClient);
        var code = await rp.CodeAsync();
        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code, assertion: assertion), rp.Proof("POST", "token")), InvalidClient);
    }

    [Fact]
    public async Task UnknownClientIsRefused()
    {
        using var rp = Client();
        var form = rp.ParForm(rp.Assertion(c => { c["iss"] = "not-registered"; c["sub"] = "not-registered"; }));
        form["client_id"] = "not-registered";

        await AssertRefusedAsync(await rp.PushAsync(form, rp.Proof("POST", "par")), InvalidClient);
    }

    [Fact]
    public async Task AssertionNamingAnotherClientOrSubjectIsRefused()
    {
        using var rp = Client();
        var two = SingpassFactory.RelyingPartyTwo;

        // Client one's key signing for client two, and sub differing from iss.
        var form = rp.ParForm(rp.Assertion(c => { c["iss"] = two.ClientId; c["sub"] = two.ClientId; }));
        form["client_id"] = two.ClientId;
        await AssertRefusedAsync(await rp.PushAsync(form, rp.Proof("POST", "par")), InvalidClient);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(rp.Assertion(c => c["sub"] = "someone-else")), rp.Proof("POST", "par")), InvalidClient);
    }

    [Fact]
    public async Task MissingAssertionIsRefusedAtParAndToken()
    {
        using var rp = Client();
        var par = rp.ParForm();
        par.Remove("client_assertion");
        var code = await rp.CodeAsync();
        var token = rp.TokenForm(code);
        token.Remove("client_assertion");

        await AssertRefusedAsync(await rp.PushAsync(par, rp.Proof("POST", "par")), InvalidClient);
        await AssertRefusedAsync(await rp.TokenAsync(token, rp.Proof("POST", "token")), InvalidClient);
    }

    // ---- DPoP ----

    [Fact]
    public async Task MissingDpopProofIsRefused()
    {
        using var rp = Client();

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(), dpop: null), InvalidDpopProof);
        var code = await rp.CodeAsync();
        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code), dpop: null), InvalidDpopProof);
    }

    public static TheoryData<string> BadProofs() =>
    [
        "typ-jwt", "typ-missing", "private-jwk", "no-jwk", "bad-signature", "other-key-signed",
        "htm-get", "htu-token", "htu-other-host", "iat-stale", "iat-future", "iat-missing", "jti-missing", "alg-hs256",
    ];

    [Theory]
    [MemberData(nameof(BadProofs))]
    public async Task BadDpopProofAtParIsRefused(string defect)
    {
        using var rp = Client();

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(), BadProof(rp, defect, "POST", "par")), InvalidDpopProof);
    }

    [Theory]
    [InlineData("htm-get")]
    [InlineData("htu-par")]
    [InlineData("iat-stale")]
    [InlineData("private-jwk")]
    public async Task BadDpopProofAtTokenIsRefusedAndLeavesTheCodeUsable(string defect)
    {
        using var rp = Client();
        var code = await rp.CodeAsync();

        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code), BadProof(rp, defect, "POST", "token")), InvalidDpopProof);
        Assert.Equal("DPoP", (await rp.TokenAsync(code)).GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task ReusedDpopJtiIsRefused()
    {
        using var rp = Client();
        var proof = rp.Proof("POST", "par");

        using var first = await rp.PushAsync(rp.ParForm(), proof);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(), proof), InvalidDpopProof);
    }

    [Fact]
    public async Task UserinfoRefusesAProofWithoutOrWithAWrongAth()
    {
        using var rp = Client();
        var accessToken = await rp.AccessTokenAsync();

        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo")), InvalidDpopProof, HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo", accessToken: accessToken + "x")), InvalidDpopProof, HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, null), InvalidDpopProof, HttpStatusCode.Unauthorized);

        using var right = await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo", accessToken));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task UserinfoRefusesAProofFromAnotherKeyThanTheTokensCnfJkt()
    {
        using var rp = Client();
        var accessToken = await rp.AccessTokenAsync();
        var thief = EcJwk.Generate("P-256", null, null, null);

        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo", accessToken, key: thief)), InvalidDpopProof, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("htm-post")]
    [InlineData("htu-token")]
    [InlineData("iat-stale")]
    [InlineData("bad-signature")]
    [InlineData("typ-jwt")]
    public async Task UserinfoRefusesABadProof(string defect)
    {
        using var rp = Client();
        var accessToken = await rp.AccessTokenAsync();

        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, BadProof(rp, defect, "GET", "userinfo", accessToken)), InvalidDpopProof, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UserinfoRefusesAReplayedProof()
    {
        using var rp = Client();
        var accessToken = await rp.AccessTokenAsync();
        var proof = rp.Proof("GET", "userinfo", accessToken);

        using var first = await rp.UserinfoAsync(accessToken, proof);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, proof), InvalidDpopProof, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UserinfoRefusesATokenItDidNotIssueOrABearerToken()
    {
        using var rp = Client();
        var accessToken = await rp.AccessTokenAsync();
        var forged = TestJws.Tampered(accessToken);

        await AssertRefusedAsync(await rp.UserinfoAsync(forged, rp.Proof("GET", "userinfo", forged)), "invalid_token", HttpStatusCode.Unauthorized);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, FapiTestClient.Endpoint("userinfo"));
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer " + accessToken);
        using var http = shared.CreateClient();
        await AssertRefusedAsync(await http.SendAsync(bearer), "invalid_token", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UserinfoRefusesAnExpiredAccessToken()
    {
        using var factory = new SingpassFactory();
        using var rp = new FapiTestClient(factory, SingpassFactory.RelyingPartyOne);
        var accessToken = await rp.AccessTokenAsync();

        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        await AssertRefusedAsync(await rp.UserinfoAsync(accessToken, rp.Proof("GET", "userinfo", accessToken)), "invalid_token", HttpStatusCode.Unauthorized);
    }

    // ---- PAR ----

    [Theory]
    [InlineData("http://127.0.0.1:8123/rp/elsewhere")]
    [InlineData("http://127.0.0.1:8123/rp/callback/")]
    [InlineData("http://127.0.0.1:8124/callback")]
    [InlineData("https://attacker.example/callback")]
    public async Task UnregisteredRedirectUriIsRefused(string redirectUri)
    {
        using var rp = Client();
        var form = rp.ParForm();
        form["redirect_uri"] = redirectUri;

        await AssertRefusedAsync(await rp.PushAsync(form, rp.Proof("POST", "par")), InvalidRequest);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("missing-method")]
    [InlineData("missing-challenge")]
    [InlineData("short-challenge")]
    public async Task ParWithoutAnS256ChallengeIsRefused(string defect)
    {
        using var rp = Client();
        var form = rp.ParForm();
        switch (defect)
        {
            case "plain":
                form["code_challenge_method"] = "plain";
                form["code_challenge"] = rp.Verifier;
                break;
            case "missing-method":
                form.Remove("code_challenge_method");
                break;
            case "missing-challenge":
                form.Remove("code_challenge");
                break;
            case "short-challenge":
                form["code_challenge"] = "abc";
                break;
        }

        await AssertRefusedAsync(await rp.PushAsync(form, rp.Proof("POST", "par")), InvalidRequest);
    }

    [Theory]
    [InlineData("uinfin name")]
    [InlineData("openid-connect name")]
    [InlineData("")]
    public async Task ScopeWithoutOpenidIsRefused(string scope)
    {
        using var rp = Client();

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(scope: scope), rp.Proof("POST", "par")), InvalidScope);
    }

    [Theory]
    [InlineData("openid telepathy")]
    [InlineData("openid uinfin NAME")]
    public async Task UnknownScopeIsRefused(string scope)
    {
        using var rp = Client();

        await AssertRefusedAsync(await rp.PushAsync(rp.ParForm(scope: scope), rp.Proof("POST", "par")), InvalidScope);
    }

    [Fact]
    public async Task ParWithAWrongResponseTypeOrARepeatedParameterIsRefused()
    {
        using var rp = Client();
        var form = rp.ParForm();
        form["response_type"] = "token";

        await AssertRefusedAsync(await rp.PushAsync(form, rp.Proof("POST", "par")), InvalidRequest);

        var repeated = rp.ParForm().Select(p => p).Append(new KeyValuePair<string, string>("scope", "openid")).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, FapiTestClient.Endpoint("par")) { Content = new FormUrlEncodedContent(repeated) };
        request.Headers.TryAddWithoutValidation("DPoP", rp.Proof("POST", "par"));
        using var http = shared.CreateClient();
        await AssertRefusedAsync(await http.SendAsync(request), InvalidRequest);
    }

    // ---- request_uri at the authorization endpoint ----

    [Fact]
    public async Task ReusedRequestUriGetsAnErrorPage()
    {
        using var rp = Client();
        var requestUri = await rp.PushAsync();

        using var first = await rp.GetAsync(rp.AuthorizationUrl(requestUri));
        using var second = await rp.GetAsync(rp.AuthorizationUrl(requestUri));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertErrorPageAsync(second);
    }

    [Fact]
    public async Task ExpiredRequestUriGetsAnErrorPage()
    {
        using var factory = new SingpassFactory();
        using var rp = new FapiTestClient(factory, SingpassFactory.RelyingPartyOne);
        var requestUri = await rp.PushAsync();
        var fresh = await rp.PushAsync();
        using var inTime = await rp.GetAsync(rp.AuthorizationUrl(fresh));

        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        using var late = await rp.GetAsync(rp.AuthorizationUrl(requestUri));

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        await AssertErrorPageAsync(late);
    }

    [Fact]
    public async Task UnknownRequestUriOrAnotherClientsGetsAnErrorPage()
    {
        using var rp = Client();
        var requestUri = await rp.PushAsync();

        using var unknown = await rp.GetAsync(rp.AuthorizationUrl(SingpassSimulatorServer.RequestUriPrefix + "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy"));
        using var missing = await rp.GetAsync(new Uri(SingpassFactory.Issuer + "/auth?client_id=" + rp.ClientId));
        using var otherClient = await rp.GetAsync(rp.AuthorizationUrl(requestUri, SingpassFactory.RelyingPartyTwo.ClientId));

        await AssertErrorPageAsync(unknown);
        await AssertErrorPageAsync(missing);
        await AssertErrorPageAsync(otherClient);
    }

    // ---- code at the token endpoint ----

    [Fact]
    public async Task ReusedCodeIsRefused()
    {
        using var rp = Client();
        var code = await rp.CodeAsync();
        await rp.TokenAsync(code);

        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code), rp.Proof("POST", "token")), InvalidGrant);
    }

    [Fact]
    public async Task ExpiredCodeIsRefused()
    {
        using var factory = new SingpassFactory();
        using var rp = new FapiTestClient(factory, SingpassFactory.RelyingPartyOne);
        var code = await rp.CodeAsync();

        factory.Clock.Advance(TimeSpan.FromSeconds(61));

        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code), rp.Proof("POST", "token")), InvalidGrant);
    }

    [Fact]
    public async Task CodeIsRefusedToAnotherClient()
    {
        using var rp = Client();
        using var other = new FapiTestClient(shared, SingpassFactory.RelyingPartyTwo);
        var code = await rp.CodeAsync();

        // Client two presents client one's code with everything else client one would send, but authenticates as itself.
        var form = rp.TokenForm(code, assertion: other.Assertion());
        form["client_id"] = other.ClientId;

        await AssertRefusedAsync(await rp.TokenAsync(form, rp.Proof("POST", "token")), InvalidGrant);
    }

    [Fact]
    public async Task CodeIsRefusedWithAnotherRegisteredRedirectUri()
    {
        using var rp = Client();
        var code = await rp.CodeAsync();

        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code, redirectUri: rp.Party.RedirectUris[1]), rp.Proof("POST", "token")), InvalidGrant);
    }

    [Theory]
    [InlineData("another-verifier")]
    [InlineData("the-challenge")]
    [InlineData("missing")]
    public async Task CodeIsRefusedWithAWrongVerifier(string defect)
    {
        using var rp = Client();
        var code = await rp.CodeAsync();
        var form = rp.TokenForm(code, verifier: defect switch
        {
            "another-verifier" => Pkce.NewVerifier(),
            "the-challenge" => Pkce.Challenge(rp.Verifier),
            _ => null,
        });
        if (defect == "missing")
        {
            form.Remove("code_verifier");
        }

        await AssertRefusedAsync(await rp.TokenAsync(form, rp.Proof("POST", "token")), InvalidGrant);
    }

    [Fact]
    public async Task CodeIsRefusedWithAnotherDpopKeyThanThePars()
    {
        using var rp = Client();
        var code = await rp.CodeAsync();
        var other = EcJwk.Generate("P-256", null, null, null);

        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(code), rp.Proof("POST", "token", key: other)), InvalidDpopProof);
    }

    [Fact]
    public async Task ParDpopJktBindsTheCodeToThatKey()
    {
        using var rp = Client();
        var mismatched = rp.ParForm();
        mismatched["dpop_jkt"] = EcJwk.Generate("P-256", null, null, null).Thumbprint();
        await AssertRefusedAsync(await rp.PushAsync(mismatched, rp.Proof("POST", "par")), InvalidDpopProof);

        // Without a DPoP header, dpop_jkt alone names the key the code is bound to.
        var other = EcJwk.Generate("P-256", null, null, null);
        await AssertRefusedAsync(await rp.TokenAsync(rp.TokenForm(await JktBoundCodeAsync(rp)), rp.Proof("POST", "token", key: other)), InvalidDpopProof);
        Assert.Equal("DPoP", (await rp.TokenAsync(await JktBoundCodeAsync(rp))).GetProperty("token_type").GetString());

        static async Task<string> JktBoundCodeAsync(FapiTestClient rp)
        {
            var declared = rp.ParForm();
            declared["dpop_jkt"] = rp.DpopKey.Thumbprint();
            using var pushed = await rp.PushAsync(declared, dpop: null);
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
            using var json = JsonDocument.Parse(await pushed.Content.ReadAsStringAsync());
            return await rp.AuthorizeAsync(json.RootElement.GetProperty("request_uri").GetString()!);
        }
    }

    [Fact]
    public async Task UnknownCodeAndGrantTypeAreRefused()
    {
        using var rp = Client();
        var form = rp.TokenForm("bm90LWEtY29kZS1mcm9tLXRoaXMtc2VydmVyLWF0LWFsbA");

        await AssertRefusedAsync(await rp.TokenAsync(form, rp.Proof("POST", "token")), InvalidGrant);

        var refresh = rp.TokenForm("x");
        refresh["grant_type"] = "refresh_token";
        await AssertRefusedAsync(await rp.TokenAsync(refresh, rp.Proof("POST", "token")), "unsupported_grant_type");
    }

    // ---- helpers ----

    /// <summary>A proof for <paramref name="method"/> on <paramref name="endpoint"/> with one named defect.</summary>
    private static string BadProof(FapiTestClient rp, string defect, string method, string endpoint, string? accessToken = null) => defect switch
    {
        "typ-jwt" => rp.Proof(method, endpoint, (h, _) => h["typ"] = "JWT", accessToken),
        "typ-missing" => rp.Proof(method, endpoint, (h, _) => h.Remove("typ"), accessToken),
        "private-jwk" => rp.Proof(method, endpoint, (h, _) => h["jwk"] = TestJws.PublicJwk(rp.DpopKey, withPrivate: true), accessToken),
        "no-jwk" => rp.Proof(method, endpoint, (h, _) => { h.Remove("jwk"); h["kid"] = "some-key"; }, accessToken),
        "bad-signature" => TestJws.Tampered(rp.Proof(method, endpoint, accessToken)),
        "other-key-signed" => rp.Proof(method, endpoint, (h, _) => h["jwk"] = TestJws.PublicJwk(EcJwk.Generate("P-256", null, null, null)), accessToken),
        "htm-get" => rp.Proof(method, endpoint, (_, c) => c["htm"] = "GET", accessToken),
        "htm-post" => rp.Proof(method, endpoint, (_, c) => c["htm"] = "POST", accessToken),
        "htu-token" => rp.Proof(method, endpoint, (_, c) => c["htu"] = FapiTestClient.Endpoint("token").ToString(), accessToken),
        "htu-par" => rp.Proof(method, endpoint, (_, c) => c["htu"] = FapiTestClient.Endpoint("par").ToString(), accessToken),
        "htu-other-host" => rp.Proof(method, endpoint, (_, c) => c["htu"] = "http://singpass.example" + FapiTestClient.Endpoint(endpoint).AbsolutePath, accessToken),
        "iat-stale" => rp.Proof(method, endpoint, accessToken, at: rp.Now.AddMinutes(-5)),
        "iat-future" => rp.Proof(method, endpoint, accessToken, at: rp.Now.AddMinutes(5)),
        "iat-missing" => rp.Proof(method, endpoint, (_, c) => c.Remove("iat"), accessToken),
        "jti-missing" => rp.Proof(method, endpoint, (_, c) => c.Remove("jti"), accessToken),
        "alg-hs256" => HmacProof(rp, method, endpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(defect)),
    };

    /// <summary>A proof MACed with HS256 under a key a verifier could be fooled into using (the public x coordinate).</summary>
    private static string HmacProof(FapiTestClient rp, string method, string endpoint)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "dpop+jwt", ["jwk"] = TestJws.PublicJwk(rp.DpopKey) };
        var payload = new JsonObject { ["htm"] = method, ["htu"] = FapiTestClient.Endpoint(endpoint).ToString(), ["iat"] = rp.Now.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N") };
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Base64Url.Decode(rp.DpopKey.X), Encoding.ASCII.GetBytes(input));
        return input + "." + Base64Url.Encode(mac);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status} {error}, got {(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
            if (status == HttpStatusCode.Unauthorized)
            {
                Assert.Contains($"error=\"{error}\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>An unknown, used or expired request_uri is a 4xx page: there is no trusted redirect URI to send an error to.</summary>
    private static async Task AssertErrorPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("persona-form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Decrypts a JWE from the simulator with the client's key and verifies it with the simulator's published keys.</summary>
    private async Task<JsonObject> OpenAsync(string jwe, TestRelyingParty party, string expectedEnc)
    {
        var header = SingpassJose.ReadHeader(jwe, 5);
        Assert.Equal(expectedEnc, SingpassJose.HeaderString(header, "enc"));
        var jws = Encoding.UTF8.GetString(SingpassJose.Decrypt(jwe, party.Keys.EncryptionKeys, new HashSet<string>(StringComparer.Ordinal) { expectedEnc }));
        using var http = shared.CreateClient();
        var published = JsonDocument.Parse(await http.GetStringAsync(new Uri(SingpassFactory.Issuer + "/.well-known/keys")))
            .RootElement.GetProperty("keys").EnumerateArray().Select(EcJwk.Parse).ToList();
        var payload = await SingpassJose.VerifyAsync(jws, new HashSet<string>(StringComparer.Ordinal) { "ES256" },
            kid => Task.FromResult(published.Single(k => k.Kid == kid)));
        return JsonNode.Parse(payload)!.AsObject();
    }
}
