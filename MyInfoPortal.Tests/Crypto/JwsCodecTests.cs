using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Crypto;

public sealed class JwsCodecTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"name":{"lastupdated":"2026-05-04","source":"1","classification":"C","value":"JOSÉ MARÍA"}}""");

    [Fact]
    public void VerifiesTheRfc7520Section41SignatureToItsExactPayload()
    {
        var vector = CryptoTestSupport.Vector("rfc7520-4.1-rs256.json");
        using var key = CryptoTestSupport.RsaFromJwk(vector.GetProperty("key"));
        using var publicKey = CryptoTestSupport.PublicOnly(key);

        var payload = JwsCodec.Verify(vector.GetProperty("compact").GetString()!, publicKey);

        Assert.Equal(Encoding.UTF8.GetBytes(vector.GetProperty("payload").GetString()!), payload);
    }

    [Fact]
    public void Rs256OverTheRfcSigningInputReproducesTheRfcSignature()
    {
        // RSASSA-PKCS1-v1_5 is deterministic, so the key import and RS256 must give the RFC's bytes exactly.
        var vector = CryptoTestSupport.Vector("rfc7520-4.1-rs256.json");
        using var key = CryptoTestSupport.RsaFromJwk(vector.GetProperty("key"));
        var parts = vector.GetProperty("compact").GetString()!.Split('.');

        var signature = key.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(parts[2], Base64Url.Encode(signature));
    }

    [Fact]
    public void TheRfcSignatureFailsUnderAnotherKey()
    {
        var vector = CryptoTestSupport.Vector("rfc7520-4.1-rs256.json");
        using var other = CryptoTestSupport.RsaFromJwk(CryptoTestSupport.Vector("rfc7516-a1-rsa-oaep-a256gcm.json").GetProperty("key"));

        Assert.Throws<JoseException>(() => JwsCodec.Verify(vector.GetProperty("compact").GetString()!, other));
    }

    [Fact]
    public void SignThenVerifyRoundTrips()
    {
        using var key = RSA.Create(2048);

        var jws = JwsCodec.Sign(Payload, key, "JWT");

        Assert.Equal("""{"alg":"RS256","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.Decode(jws.Split('.')[0])));
        Assert.Equal(Payload, JwsCodec.Verify(jws, CryptoTestSupport.PublicOnly(key)));
    }

    [Fact]
    public async Task NodeJoseVerifiesOurSignature()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var publicFile = CryptoTestSupport.WriteSpki(folder, key);

        var (payload, header) = NodeJose.ReadResult(await NodeJose.RunAsync(folder, "verify", publicFile, Encoding.ASCII.GetBytes(JwsCodec.Sign(Payload, key))));

        Assert.Equal(Payload, payload);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
    }

    [Fact]
    public async Task NodeJoseRefusesOurSignatureOnAlteredPayload()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var publicFile = CryptoTestSupport.WriteSpki(folder, key);
        var altered = CryptoTestSupport.FlipByte(JwsCodec.Sign(Payload, key), 1, index: 3);

        var result = await NodeJose.RunAsync(folder, "verify", publicFile, Encoding.ASCII.GetBytes(altered));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeVerifyNodeJoseSignature()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var keyFile = CryptoTestSupport.WritePkcs8(folder, key);

        var result = await NodeJose.RunAsync(folder, "sign", keyFile, Payload);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(Payload, JwsCodec.Verify(result.StandardOutput, CryptoTestSupport.PublicOnly(key)));
    }
}

/// <summary>security.md B3, inner JWS (and the token rules of B2 that the codec owns): refused with a JoseException.</summary>
public sealed class JwsCodecRejectionTests : IDisposable
{
    private static readonly byte[] Payload = """{"uinfin":{"value":"S7204518A"}}"""u8.ToArray();

    private readonly RSA _key = RSA.Create(2048);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void BadSignatureIsRejected()
    {
        var tampered = CryptoTestSupport.FlipByte(JwsCodec.Sign(Payload, _key), 2, index: 100);

        var error = Assert.Throws<JoseException>(() => JwsCodec.Verify(tampered, _key));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlteredPayloadIsRejected()
    {
        var jws = JwsCodec.Sign(Payload, _key).Split('.');
        jws[1] = Base64Url.Encode("""{"uinfin":{"value":"S8523671G"}}"""u8);

        Assert.Throws<JoseException>(() => JwsCodec.Verify(string.Join('.', jws), _key));
    }

    [Fact]
    public void AnotherKeysSignatureIsRejected()
    {
        using var other = RSA.Create(2048);

        Assert.Throws<JoseException>(() => JwsCodec.Verify(JwsCodec.Sign(Payload, other), _key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2ln")]
    public void AlgNoneIsRejected(string signature)
    {
        var jws = Base64Url.Encode("""{"alg":"none"}"""u8) + "." + Base64Url.Encode(Payload) + "." + signature;

        var error = Assert.Throws<JoseException>(() => JwsCodec.Verify(jws, _key));
        Assert.Contains("alg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hs256KeyedWithThePublicKeyIsRejected()
    {
        var header = Base64Url.Encode("""{"alg":"HS256"}"""u8);
        var input = header + "." + Base64Url.Encode(Payload);
        var mac = HMACSHA256.HashData(Encoding.ASCII.GetBytes(_key.ExportSubjectPublicKeyInfoPem()), Encoding.ASCII.GetBytes(input));

        var error = Assert.Throws<JoseException>(() => JwsCodec.Verify(input + "." + Base64Url.Encode(mac), _key));
        Assert.Contains("alg", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    public void OtherRsaAlgorithmsAreRejectedEvenWithAValidSignature(string alg)
    {
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}"}"""));
        var input = header + "." + Base64Url.Encode(Payload);
        var (hash, padding) = alg switch
        {
            "RS384" => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            "RS512" => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
            _ => (HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        };
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), hash, padding);

        var error = Assert.Throws<JoseException>(() => JwsCodec.Verify(input + "." + Base64Url.Encode(signature), _key));
        Assert.Contains("alg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyBearingHeadersNeverChooseTheKey()
    {
        // An attacker's own key embedded as a JWK does not help: only the configured key verifies.
        using var attacker = RSA.Create(2048);
        var modulus = Base64Url.Encode(attacker.ExportParameters(false).Modulus!);
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","jwk":{"kty":"RSA","e":"AQAB","n":"{{modulus}}"},"jku":"https://evil.example/jwks","kid":"evil"}"""));
        var input = header + "." + Base64Url.Encode(Payload);
        var signature = attacker.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Throws<JoseException>(() => JwsCodec.Verify(input + "." + Base64Url.Encode(signature), _key));
    }

    [Fact]
    public void CriticalHeaderParametersAreRejected()
    {
        var header = Base64Url.Encode("""{"alg":"RS256","crit":["b64"],"b64":false}"""u8);
        var input = header + "." + Base64Url.Encode(Payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Contains("crit", Assert.Throws<JoseException>(() => JwsCodec.Verify(input + "." + Base64Url.Encode(signature), _key)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void WrongSegmentCountIsRejected(int segments)
    {
        var parts = JwsCodec.Sign(Payload, _key).Split('.').ToList();
        while (parts.Count > segments)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        while (parts.Count < segments)
        {
            parts.Add(parts[^1]);
        }

        Assert.Throws<JoseException>(() => JwsCodec.Verify(string.Join('.', parts), _key));
    }

    [Fact]
    public void OversizedAndMalformedObjectsAreRejected()
    {
        var jws = JwsCodec.Sign(Payload, _key).Split('.');

        Assert.Throws<JoseException>(() => JwsCodec.Verify(jws[0] + "." + new string('A', JwsCodec.MaxCompactLength) + "." + jws[2], _key));
        Assert.Throws<JoseException>(() => JwsCodec.Verify(jws[0] + "." + jws[1] + ".not base64", _key));
        Assert.Throws<JoseException>(() => JwsCodec.Verify("e30." + jws[1] + "." + jws[2], _key));
        Assert.Throws<JoseException>(() => JwsCodec.Verify(string.Empty, _key));
    }

    [Fact]
    public void ATruncatedTokenIsRejected()
    {
        var jws = JwsCodec.Sign(Payload, _key);

        Assert.Throws<JoseException>(() => JwsCodec.Verify(jws[..^10], _key));
    }
}

public sealed class Base64UrlTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AA", new byte[] { 0 })]
    [InlineData("AAE", new byte[] { 0, 1 })]
    [InlineData("-_8", new byte[] { 0xfb, 0xff })]
    public void DecodesCanonicalUnpaddedText(string text, byte[] expected) => Assert.Equal(expected, Base64Url.Decode(text));

    [Theory]
    [InlineData("A")]
    [InlineData("AB")]
    [InlineData("AAF")]
    [InlineData("AA==")]
    [InlineData("A A")]
    [InlineData("+/")]
    [InlineData("é")]
    public void RefusesAnythingElseWithAJoseException(string text) => Assert.Throws<JoseException>(() => Base64Url.Decode(text));
}
