using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// security.md B2: every bad access token ends the sign-in with the one generic error, and the
/// person endpoint is never called with it (the fake counts its calls).
/// </summary>
public sealed class AccessTokenValidationTests
{
    public static TheoryData<string> BadTokens() =>
    [
        "alg none",
        "alg none, no signature segment",
        "HS256 with the Myinfo public key as secret",
        "HS256 with the Myinfo certificate as secret",
        "RS384",
        "PS256",
        "expired 6 minutes ago",
        "not valid for 10 more minutes",
        "no exp",
        "wrong issuer",
        "wrong audience",
        "truncated",
        "two segments",
        "bad base64 in the header",
        "bad base64 in the signature",
        "1 MB",
        "signed by another key",
        "another key named by jku",
        "another key named by x5u",
        "another key embedded as jwk",
        "another key named by kid",
        "crit header",
        "sub missing",
        "sub with a slash",
        "sub with a query",
        "payload is not JSON",
        "empty",
    ];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadAccessTokenIsRejectedWithTheGenericErrorAndNoPersonCall(string kind)
    {
        using var rig = new ClientRig();
        rig.Server.TokenFactory = subject => Make(kind, subject, rig);

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("token_rejected", failure.Code);
        Assert.Equal(1, rig.Server.TokenCalls);
        Assert.Equal(0, rig.Server.PersonCalls);
        Assert.Equal(0, rig.Server.OtherCalls);
    }

    [Fact]
    public async Task KeyHintsInTheHeaderAreIgnoredWhenTheConfiguredKeySigned()
    {
        using var rig = new ClientRig();
        rig.Server.TokenFactory = subject => TestJwt.Rs256(
            Claims(rig, subject),
            rig.Keys.MyInfoKey,
            """{"alg":"RS256","kid":"evil","jku":"https://evil.example/jwks.json","x5u":"https://evil.example/cert.pem"}""");

        var person = await rig.RetrieveAsync();

        Assert.Equal("TAN HENG HUAT", person.Name);
        Assert.Equal(1, rig.Server.PersonCalls);
        Assert.Equal(0, rig.Server.OtherCalls);
        Assert.DoesNotContain(rig.Server.Received, r => r.Uri.Host == "evil.example");
    }

    [Fact]
    public async Task TokenWithinTheAllowedSkewIsAccepted()
    {
        using var rig = new ClientRig();

        // Expired 30 s ago and valid from 30 s ahead: both inside the 60 s allowance.
        rig.Server.TokenFactory = subject => TestJwt.Rs256(
            TestJwt.Claims(subject, rig.Clock.GetUtcNow().AddMinutes(-30).AddSeconds(-30), rig.Options.TokenIssuer, rig.Options.TokenAudience,
                notBefore: rig.Clock.GetUtcNow().AddSeconds(30)),
            rig.Keys.MyInfoKey);

        var person = await rig.RetrieveAsync();

        Assert.Equal("S9812381D", person.Uinfin);
    }

    [Fact]
    public async Task AudienceMayBeAnArrayAndIssuerAndAudienceAreNotRequiredUnlessConfigured()
    {
        using var rig = new ClientRig(o =>
        {
            o.TokenIssuer = null;
            o.TokenAudience = "FAKE-CLIENT";
        });
        rig.Server.TokenFactory = subject => TestJwt.Rs256(
            $$"""{"sub":"{{subject}}","exp":{{rig.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds()}},"aud":["other","FAKE-CLIENT"],"iss":"anyone"}""",
            rig.Keys.MyInfoKey);

        var person = await rig.RetrieveAsync();

        Assert.Equal("S9812381D", person.Uinfin);
    }

    private static string Claims(ClientRig rig, string subject) =>
        TestJwt.Claims(subject, rig.Clock.GetUtcNow(), rig.Options.TokenIssuer, rig.Options.TokenAudience);

    private static string Make(string kind, string subject, ClientRig rig)
    {
        var now = rig.Clock.GetUtcNow();
        var claims = Claims(rig, subject);
        var key = rig.Keys.MyInfoKey;
        var good = TestJwt.Rs256(claims, key);
        var other = TestKeys.Stranger;
        var otherJwk = $$"""{"kty":"RSA","n":"{{Web.Crypto.Base64Url.Encode(other.ExportParameters(false).Modulus)}}","e":"AQAB"}""";

        return kind switch
        {
            "alg none" => TestJwt.AlgNone("""{"alg":"none","typ":"JWT"}""", claims),
            "alg none, no signature segment" => TestJwt.AlgNone("""{"alg":"none"}""", claims).TrimEnd('.'),
            "HS256 with the Myinfo public key as secret" => TestJwt.Sign("""{"alg":"HS256","typ":"JWT"}""", claims,
                input => HMACSHA256.HashData(Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem()), input)),
            "HS256 with the Myinfo certificate as secret" => TestJwt.Sign("""{"alg":"HS256","typ":"JWT"}""", claims,
                input => HMACSHA256.HashData(File.ReadAllBytes(rig.Keys.MyInfo.CertificatePath), input)),
            "RS384" => TestJwt.Sign("""{"alg":"RS384"}""", claims, input => key.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1)),
            "PS256" => TestJwt.Sign("""{"alg":"PS256"}""", claims, input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)),
            "expired 6 minutes ago" => TestJwt.Rs256(
                TestJwt.Claims(subject, now.AddMinutes(-36), rig.Options.TokenIssuer, rig.Options.TokenAudience), key),
            "not valid for 10 more minutes" => TestJwt.Rs256(
                TestJwt.Claims(subject, now, rig.Options.TokenIssuer, rig.Options.TokenAudience, notBefore: now.AddMinutes(10)), key),
            "no exp" => TestJwt.Rs256($$"""{"sub":"{{subject}}","iss":"{{rig.Options.TokenIssuer}}","aud":"{{rig.Options.TokenAudience}}"}""", key),
            "wrong issuer" => TestJwt.Rs256(TestJwt.Claims(subject, now, "https://evil.example/", rig.Options.TokenAudience), key),
            "wrong audience" => TestJwt.Rs256(TestJwt.Claims(subject, now, rig.Options.TokenIssuer, "SOMEONE-ELSE"), key),
            "truncated" => good[..^20],
            "two segments" => good[..good.LastIndexOf('.')],
            "bad base64 in the header" => "e!" + good[2..],
            "bad base64 in the signature" => good[..^4] + "+/=a",
            "1 MB" => TestJwt.Rs256(claims.TrimEnd('}') + ",\"pad\":\"" + new string('A', 1024 * 1024) + "\"}", key),
            "signed by another key" => TestJwt.Rs256(claims, other),
            "another key named by jku" => TestJwt.Rs256(claims, other, """{"alg":"RS256","jku":"https://evil.example/jwks.json"}"""),
            "another key named by x5u" => TestJwt.Rs256(claims, other, """{"alg":"RS256","x5u":"https://evil.example/cert.pem"}"""),
            "another key embedded as jwk" => TestJwt.Rs256(claims, other, $$"""{"alg":"RS256","jwk":{{otherJwk}}}"""),
            "another key named by kid" => TestJwt.Rs256(claims, other, """{"alg":"RS256","kid":"../../evil"}"""),
            "crit header" => TestJwt.Rs256(claims, key, """{"alg":"RS256","crit":["exp"],"exp":1}"""),
            "sub missing" => TestJwt.Rs256($$"""{"exp":{{now.AddMinutes(5).ToUnixTimeSeconds()}},"iss":"{{rig.Options.TokenIssuer}}","aud":"{{rig.Options.TokenAudience}}"}""", key),
            "sub with a slash" => TestJwt.Rs256(TestJwt.Claims("../S1234567D", now, rig.Options.TokenIssuer, rig.Options.TokenAudience), key),
            "sub with a query" => TestJwt.Rs256(TestJwt.Claims("S9812381D?attributes=all", now, rig.Options.TokenIssuer, rig.Options.TokenAudience), key),
            "payload is not JSON" => TestJwt.Sign("""{"alg":"RS256"}""", "not json", input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            "empty" => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
