using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The ID token and userinfo cryptography against an independent implementation, Node's <c>jose</c>:
/// an ES256 JWS inside an ECDH-ES+A256KW JWE (A256CBC-HS512 for ID tokens, A256GCM or A256CBC-HS512
/// for userinfo) made in Node is opened by <see cref="SingpassJose"/>, and the reverse.
/// </summary>
public sealed class SingpassJoseInteropTests
{
    private static readonly IReadOnlySet<string> BothEncodings = new HashSet<string>(StringComparer.Ordinal) { "A256GCM", "A256CBC-HS512" };

    // The portal's keys (as in its key set file) and an issuer's signing key; made once, never changed.
    private static readonly EcJwk OurEncryptionKey = SingpassFactory.PortalKeys.EncryptionKeys.Single();
    private static readonly EcJwk IssuerKey = EcJwk.Generate("P-256", kid: "issuer-sig-1", use: "sig", alg: "ES256");

    public static TheoryData<string> Encodings() => ["A256CBC-HS512", "A256GCM"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task JweMadeInNodeIsDecryptedAndVerifiedByThePortal(string enc)
    {
        var claims = Claims();
        var made = await NodeFapiJose.RunAsync(new JsonObject
        {
            ["op"] = "sign-and-encrypt",
            ["claims"] = claims.DeepClone(),
            ["signingKey"] = NodeFapiJose.Jwk(IssuerKey),
            ["recipient"] = NodeFapiJose.Jwk(OurEncryptionKey.PublicOnly()),
            ["enc"] = enc,
            // Extra members a real server adds to the JWE header.
            ["extraHeader"] = new JsonObject { ["iss"] = "https://id.example/fapi", ["aud"] = "client" },
        });
        var jwe = made["jwe"]!.GetValue<string>();

        var jws = Encoding.UTF8.GetString(SingpassJose.Decrypt(jwe, [OurEncryptionKey], new HashSet<string>(StringComparer.Ordinal) { enc }));
        string? askedKid = null;
        var payload = await SingpassJose.VerifyAsync(jws, SingpassJose.IssuerSignatureAlgorithms, kid =>
        {
            askedKid = kid;
            return Task.FromResult(IssuerKey.PublicOnly());
        });

        var header = ProofInspection.Decode(jws).Header;
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(IssuerKey.Kid, askedKid);
        Assert.True(JsonNode.DeepEquals(claims, JsonNode.Parse(payload)));
        var jweHeader = SingpassJose.ReadHeader(jwe, 5);
        Assert.Equal(("ECDH-ES+A256KW", enc), (SingpassJose.HeaderString(jweHeader, "alg"), SingpassJose.HeaderString(jweHeader, "enc")));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task JweMadeByThePortalIsDecryptedAndVerifiedByNode(string enc)
    {
        var claims = Claims();
        var jws = SingpassJose.SignEs256(claims, IssuerKey, new Dictionary<string, object> { ["typ"] = "JWT", ["kid"] = IssuerKey.Kid! });
        var jwe = SingpassJose.Encrypt(Encoding.UTF8.GetBytes(jws), OurEncryptionKey, enc, new Dictionary<string, object> { ["cty"] = "JWT", ["kid"] = OurEncryptionKey.Kid! });

        var opened = await NodeFapiJose.RunAsync(new JsonObject
        {
            ["op"] = "decrypt-and-verify",
            ["jwe"] = jwe,
            ["key"] = NodeFapiJose.Jwk(OurEncryptionKey),
            ["verifyKey"] = NodeFapiJose.Jwk(IssuerKey.PublicOnly()),
        });

        Assert.Equal("ECDH-ES+A256KW", opened["jweHeader"]!["alg"]!.GetValue<string>());
        Assert.Equal(enc, opened["jweHeader"]!["enc"]!.GetValue<string>());
        Assert.Equal(OurEncryptionKey.Kid, opened["jweHeader"]!["kid"]!.GetValue<string>());
        Assert.Equal("P-256", opened["jweHeader"]!["epk"]!["crv"]!.GetValue<string>());
        Assert.Equal("ES256", opened["jwsHeader"]!["alg"]!.GetValue<string>());
        Assert.Equal(IssuerKey.Kid, opened["jwsHeader"]!["kid"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(claims, opened["payload"]));
    }

    [Fact]
    public async Task IdTokenEncodingIsPinnedAtTheCallSite()
    {
        var gcm = await NodeJweAsync("A256GCM");

        Assert.Throws<JoseException>(() => SingpassJose.Decrypt(gcm, [OurEncryptionKey], new HashSet<string>(StringComparer.Ordinal) { "A256CBC-HS512" }));
        Assert.NotEmpty(SingpassJose.Decrypt(gcm, [OurEncryptionKey], BothEncodings));
    }

    [Fact]
    public async Task DirectKeyAgreementIsNotAccepted()
    {
        var direct = await NodeJweAsync("A256GCM", alg: "ECDH-ES");

        var error = Assert.Throws<JoseException>(() => SingpassJose.Decrypt(direct, [OurEncryptionKey], BothEncodings));
        Assert.Contains("alg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JweForAnotherKeyOrWithAPublicKeyOnlyIsNotDecrypted()
    {
        var jwe = await NodeJweAsync("A256CBC-HS512");
        var stranger = EcJwk.Generate("P-256", kid: OurEncryptionKey.Kid, use: "enc", alg: "ECDH-ES+A256KW");

        Assert.Throws<JoseException>(() => SingpassJose.Decrypt(jwe, [stranger], BothEncodings));
        Assert.Throws<JoseException>(() => SingpassJose.Decrypt(jwe, [OurEncryptionKey.PublicOnly()], BothEncodings));
        Assert.Throws<JoseException>(() => SingpassJose.Decrypt(Crypto.CryptoTestSupport.FlipByte(jwe, 3), [OurEncryptionKey], BothEncodings));
    }

    [Fact]
    public async Task JwsFromNodeSignedByAnotherKeyDoesNotVerify()
    {
        var jwe = await NodeJweAsync("A256CBC-HS512");
        var jws = Encoding.UTF8.GetString(SingpassJose.Decrypt(jwe, [OurEncryptionKey], BothEncodings));
        var impostor = EcJwk.Generate("P-256", kid: IssuerKey.Kid, use: "sig", alg: "ES256");

        await Assert.ThrowsAsync<JoseException>(() => SingpassJose.VerifyAsync(jws, SingpassJose.IssuerSignatureAlgorithms, _ => Task.FromResult(impostor.PublicOnly())));
        await Assert.ThrowsAsync<JoseException>(() => SingpassJose.VerifyAsync(jws, new HashSet<string>(StringComparer.Ordinal) { "ES384" }, _ => Task.FromResult(IssuerKey.PublicOnly())));
    }

    private static async Task<string> NodeJweAsync(string enc, string? alg = null)
    {
        var request = new JsonObject
        {
            ["op"] = "sign-and-encrypt",
            ["claims"] = Claims(),
            ["signingKey"] = NodeFapiJose.Jwk(IssuerKey),
            ["recipient"] = NodeFapiJose.Jwk(OurEncryptionKey.PublicOnly()),
            ["enc"] = enc,
        };
        if (alg is not null)
        {
            request["alg"] = alg;
        }

        return (await NodeFapiJose.RunAsync(request))["jwe"]!.GetValue<string>();
    }

    /// <summary>An ID-token-like claim set with the extras a real issuer sends (sub_attributes, amr list, unicode).</summary>
    private static JsonObject Claims() => new()
    {
        ["iss"] = "https://id.example/fapi",
        ["aud"] = "myinfoportal-simulator-client",
        ["sub"] = "8a3f0d6c-2b5e-4c1a-9f7e-3d2b1a0c9e8f",
        ["sub_type"] = "user",
        ["sub_attributes"] = new JsonObject { ["account_type"] = "standard", ["identity_coi"] = "SG" },
        ["nonce"] = "n-0S6_WzA2Mj",
        ["amr"] = new JsonArray("pwd", "otp-sms"),
        ["name"] = "JOSÉ ÑUÑEZ / 陈",
        ["iat"] = 1_790_000_000,
        ["exp"] = 1_790_000_600,
    };
}
