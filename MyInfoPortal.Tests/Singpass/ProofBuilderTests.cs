using System.Text.Json.Nodes;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// What the portal signs on every Singpass call: the private_key_jwt client assertion (FAPI 2.0 and the
/// Singpass profile) and the DPoP proof (RFC 9449 section 4.2), checked claim by claim and verified with
/// the right key, in .NET and, as an independent check, in Node's <c>jose</c>.
/// </summary>
public sealed class ProofBuilderTests
{
    private const string ClientId = "myinfoportal-simulator-client";
    private const string Issuer = "https://stg-id.singpass.gov.sg/fapi";

    private static readonly DateTimeOffset Now = new(2026, 11, 2, 1, 30, 0, TimeSpan.Zero);

    // Made once: key generation is the only slow part and no test changes them.
    private static readonly EcJwk SigningKey = SingpassFactory.PortalKeys.SigningKeys.Single();
    private static readonly EcJwk DpopKey = EcJwk.Generate("P-256", kid: null, use: null, alg: null);

    [Fact]
    public void ClientAssertionNamesTheClientTheIssuerAndAShortLife()
    {
        var assertion = ProofBuilder.ClientAssertion(ClientId, Issuer, SigningKey, Now);

        var jws = ProofInspection.Decode(assertion);
        Assert.Equal("ES256", jws.Header["alg"]!.GetValue<string>());
        Assert.Equal("JWT", jws.Header["typ"]!.GetValue<string>());
        Assert.Equal(SigningKey.Kid, jws.Header["kid"]!.GetValue<string>());
        Assert.False(jws.Header.ContainsKey("jwk"));
        Assert.Equal(ClientId, jws.Payload["iss"]!.GetValue<string>());
        Assert.Equal(ClientId, jws.Payload["sub"]!.GetValue<string>());

        // aud is the issuer string itself: not an array, not an endpoint, no trailing slash.
        Assert.Equal(System.Text.Json.JsonValueKind.String, jws.Payload["aud"]!.GetValueKind());
        Assert.Equal(Issuer, jws.Payload["aud"]!.GetValue<string>());
        var iat = jws.Payload["iat"]!.GetValue<long>();
        var exp = jws.Payload["exp"]!.GetValue<long>();
        Assert.Equal(Now.ToUnixTimeSeconds(), iat);
        Assert.InRange(exp - iat, 1, 120);
        Assert.True(jws.Payload["jti"]!.GetValue<string>().Length >= 16);
    }

    [Fact]
    public void ClientAssertionSignatureVerifiesWithTheRegisteredPublicKeyOnly()
    {
        var assertion = ProofBuilder.ClientAssertion(ClientId, Issuer, SigningKey, Now);

        var payload = JsonNode.Parse(SingpassJose.Verify(assertion, "ES256", SigningKey.PublicOnly()))!.AsObject();

        Assert.Equal(ClientId, payload["iss"]!.GetValue<string>());
        Assert.Throws<JoseException>(() => SingpassJose.Verify(assertion, "ES256", DpopKey.PublicOnly()));
        Assert.Throws<JoseException>(() => SingpassJose.Verify(TestJws.Tampered(assertion), "ES256", SigningKey.PublicOnly()));
    }

    [Fact]
    public void EveryClientAssertionHasAFreshJti()
    {
        var jtis = Enumerable.Range(0, 50)
            .Select(_ => ProofInspection.Decode(ProofBuilder.ClientAssertion(ClientId, Issuer, SigningKey, Now)).Payload["jti"]!.GetValue<string>())
            .ToList();

        Assert.Equal(50, jtis.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void DpopProofCarriesThePublicKeyMethodUrlTimeAndAFreshJti()
    {
        var url = new Uri("https://stg-id.singpass.gov.sg/fapi/token");

        var proof = ProofBuilder.DpopProof(DpopKey, "POST", url, Now);

        var jws = ProofInspection.Decode(proof);
        Assert.Equal("dpop+jwt", jws.Header["typ"]!.GetValue<string>());
        Assert.Equal("ES256", jws.Header["alg"]!.GetValue<string>());
        Assert.False(jws.Header.ContainsKey("kid"));
        var jwk = jws.Header["jwk"]!.AsObject();
        Assert.Equal(["crv", "kty", "x", "y"], jwk.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(jwk.ContainsKey("d"));
        Assert.Equal(DpopKey.X, jwk["x"]!.GetValue<string>());
        Assert.Equal(DpopKey.Y, jwk["y"]!.GetValue<string>());
        Assert.Equal("POST", jws.Payload["htm"]!.GetValue<string>());
        Assert.Equal("https://stg-id.singpass.gov.sg/fapi/token", jws.Payload["htu"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeSeconds(), jws.Payload["iat"]!.GetValue<long>());
        Assert.True(jws.Payload["jti"]!.GetValue<string>().Length >= 16);
        Assert.False(jws.Payload.ContainsKey("ath"));
        Assert.False(jws.Payload.ContainsKey("nonce"));
    }

    [Fact]
    public void DpopProofVerifiesWithTheKeyItEmbeds()
    {
        var proof = ProofBuilder.DpopProof(DpopKey, "GET", new Uri("https://id.example/fapi/userinfo"), Now, accessToken: "token");

        var embedded = EcJwk.Parse(System.Text.Json.JsonDocument.Parse(ProofInspection.Decode(proof).Header["jwk"]!.ToJsonString()).RootElement);

        Assert.False(embedded.IsPrivate);
        Assert.NotEmpty(SingpassJose.Verify(proof, "ES256", embedded));
        Assert.Throws<JoseException>(() => SingpassJose.Verify(TestJws.Tampered(proof), "ES256", embedded));
    }

    [Theory]
    [InlineData("https://id.example/fapi/userinfo?scope=name#fragment", "https://id.example/fapi/userinfo")]
    [InlineData("https://id.example:8443/fapi/par?x=1", "https://id.example:8443/fapi/par")]
    [InlineData("http://127.0.0.1:5000/sim/singpass/fapi/token#a", "http://127.0.0.1:5000/sim/singpass/fapi/token")]
    public void DpopHtuHasNoQueryOrFragment(string url, string expected)
    {
        var proof = ProofBuilder.DpopProof(DpopKey, "GET", new Uri(url), Now);

        Assert.Equal(expected, ProofInspection.Decode(proof).Payload["htu"]!.GetValue<string>());
    }

    [Fact]
    public void DpopProofsHaveUniqueJtis()
    {
        var url = new Uri("https://id.example/fapi/token");

        var jtis = Enumerable.Range(0, 50)
            .Select(_ => ProofInspection.Decode(ProofBuilder.DpopProof(DpopKey, "POST", url, Now)).Payload["jti"]!.GetValue<string>())
            .ToList();

        Assert.Equal(50, jtis.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void UserinfoProofHashesTheAccessTokenIntoAth()
    {
        const string accessToken = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

        var proof = ProofBuilder.DpopProof(DpopKey, "GET", new Uri("https://id.example/fapi/userinfo"), Now, accessToken);

        var expected = Base64Url.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken)));
        Assert.Equal(expected, ProofInspection.Decode(proof).Payload["ath"]!.GetValue<string>());
    }

    [Fact]
    public void AccessTokenHashMatchesRfc9449Example()
    {
        // RFC 9449 section 7.1: the access token of figure 12 and the ath of figure 14.
        Assert.Equal("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", ProofBuilder.AccessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
    }

    [Fact]
    public void ProofCarriesTheServersNonceWhenGiven()
    {
        var proof = ProofBuilder.DpopProof(DpopKey, "POST", new Uri("https://id.example/fapi/par"), Now, nonce: "eyJ7S_zG.eyJH0-Z.HX4w-7v");

        Assert.Equal("eyJ7S_zG.eyJH0-Z.HX4w-7v", ProofInspection.Decode(proof).Payload["nonce"]!.GetValue<string>());
    }

    [Fact]
    public async Task NodeJoseAcceptsTheDpopProofWithItsEmbeddedKey()
    {
        const string accessToken = "an-access-token";
        var proof = ProofBuilder.DpopProof(DpopKey, "GET", new Uri("https://id.example/fapi/userinfo?x=1"), DateTimeOffset.UtcNow, accessToken);

        var result = await NodeFapiJose.RunAsync(new JsonObject { ["op"] = "verify-dpop", ["jws"] = proof });

        Assert.Equal("dpop+jwt", result["header"]!["typ"]!.GetValue<string>());
        Assert.Equal("GET", result["payload"]!["htm"]!.GetValue<string>());
        Assert.Equal("https://id.example/fapi/userinfo", result["payload"]!["htu"]!.GetValue<string>());
        Assert.Equal(ProofBuilder.AccessTokenHash(accessToken), result["payload"]!["ath"]!.GetValue<string>());
    }

    [Fact]
    public async Task NodeJoseVerifiesTheClientAssertionWithTheRegisteredKey()
    {
        var assertion = ProofBuilder.ClientAssertion(ClientId, Issuer, SigningKey, Now);

        var result = await NodeFapiJose.RunAsync(new JsonObject { ["op"] = "verify", ["jws"] = assertion, ["key"] = NodeFapiJose.Jwk(SigningKey.PublicOnly()) });

        Assert.Equal(SigningKey.Kid, result["header"]!["kid"]!.GetValue<string>());
        Assert.Equal(Issuer, result["payload"]!["aud"]!.GetValue<string>());
    }
}
