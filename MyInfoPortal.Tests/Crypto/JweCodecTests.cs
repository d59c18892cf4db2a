using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Crypto;

public sealed class JweCodecTests
{
    private static readonly byte[] Person = Encoding.UTF8.GetBytes("\"eyJhbGciOiJSUzI1NiJ9.eyJuYW1lIjp7InZhbHVlIjoiSk9Tw4kifX0.c2ln\"");

    [Theory]
    [InlineData("rfc7520-5.2-rsa-oaep-a256gcm.json")]
    [InlineData("rfc7516-a1-rsa-oaep-a256gcm.json")]
    public void DecryptsTheRfcVectorToItsExactPlaintext(string vectorFile)
    {
        var vector = CryptoTestSupport.Vector(vectorFile);
        using var key = CryptoTestSupport.RsaFromJwk(vector.GetProperty("key"));

        var plaintext = JweCodec.Decrypt(vector.GetProperty("compact").GetString()!, key);

        Assert.Equal(Encoding.UTF8.GetBytes(vector.GetProperty("plaintext").GetString()!), plaintext);
    }

    [Fact]
    public void Rfc7520EncryptedKeyUnwrapsToTheRfcContentKeyWithOaepSha1()
    {
        var vector = CryptoTestSupport.Vector("rfc7520-5.2-rsa-oaep-a256gcm.json");
        using var key = CryptoTestSupport.RsaFromJwk(vector.GetProperty("key"));
        var segments = vector.GetProperty("compact").GetString()!.Split('.');

        var cek = key.Decrypt(Base64Url.Decode(segments[1]), RSAEncryptionPadding.OaepSHA1);

        Assert.Equal(Base64Url.Decode(vector.GetProperty("cek").GetString()!), cek);
        Assert.Equal(vector.GetProperty("iv").GetString(), segments[2]);
    }

    [Fact]
    public void EncryptThenDecryptRoundTripsWithAFreshKeyAndIvEachTime()
    {
        using var key = RSA.Create(2048);
        using var publicKey = CryptoTestSupport.PublicOnly(key);

        var first = JweCodec.Encrypt(Person, publicKey);
        var second = JweCodec.Encrypt(Person, publicKey, keyId: "portal-2026");

        Assert.Equal(Person, JweCodec.Decrypt(first, key));
        Assert.Equal(Person, JweCodec.Decrypt(second, key));
        Assert.Equal("""{"alg":"RSA-OAEP","enc":"A256GCM"}""", Encoding.UTF8.GetString(Base64Url.Decode(first.Split('.')[0])));
        Assert.Equal("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"portal-2026"}""", Encoding.UTF8.GetString(Base64Url.Decode(second.Split('.')[0])));
        Assert.NotEqual(first.Split('.')[1], second.Split('.')[1]);
        Assert.NotEqual(first.Split('.')[2], second.Split('.')[2]);
        Assert.Equal(12, Base64Url.Decode(first.Split('.')[2]).Length);
        Assert.Equal(16, Base64Url.Decode(first.Split('.')[4]).Length);
    }

    [Fact]
    public async Task NodeJoseDecryptsOurJwe()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var keyFile = CryptoTestSupport.WritePkcs8(folder, key);
        using var publicKey = CryptoTestSupport.PublicOnly(key);
        var jwe = JweCodec.Encrypt(Person, publicKey);

        var (plaintext, header) = NodeJose.ReadResult(await NodeJose.RunAsync(folder, "decrypt", keyFile, Encoding.ASCII.GetBytes(jwe)));

        Assert.Equal(Person, plaintext);
        Assert.Equal("RSA-OAEP", header.GetProperty("alg").GetString());
        Assert.Equal("A256GCM", header.GetProperty("enc").GetString());
    }

    [Fact]
    public async Task WeDecryptNodeJoseJwe()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var publicFile = CryptoTestSupport.WriteSpki(folder, key);

        var result = await NodeJose.RunAsync(folder, "encrypt", publicFile, Person);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(5, result.StandardOutput.Split('.').Length);
        Assert.Equal(Person, JweCodec.Decrypt(result.StandardOutput, key));
    }

    [Fact]
    public async Task WeDecryptNodeJoseJweWithA128CbcHs256ButNeverProduceIt()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        var publicFile = CryptoTestSupport.WriteSpki(folder, key);

        var result = await NodeJosePeer.RunAsync(folder, "encrypt", publicFile, Person, "RSA-OAEP", "A128CBC-HS256");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("""{"alg":"RSA-OAEP","enc":"A128CBC-HS256"}""", Encoding.UTF8.GetString(Base64Url.Decode(result.StandardOutput.Split('.')[0])));
        Assert.Equal(Person, JweCodec.Decrypt(result.StandardOutput, key));
        Assert.Contains("tag", Assert.Throws<JoseException>(() => JweCodec.Decrypt(CryptoTestSupport.FlipByte(result.StandardOutput, 3), key)).Message, StringComparison.Ordinal);
        Assert.Contains("\"enc\":\"A256GCM\"", Encoding.UTF8.GetString(Base64Url.Decode(JweCodec.Encrypt(Person, key).Split('.')[0])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeJoseRefusesOurJweUnderAnotherKey()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var otherFile = CryptoTestSupport.WritePkcs8(folder, other);
        using var publicKey = CryptoTestSupport.PublicOnly(key);

        var result = await NodeJose.RunAsync(folder, "decrypt", otherFile, Encoding.ASCII.GetBytes(JweCodec.Encrypt(Person, publicKey)));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ERR_JWE_DECRYPTION_FAILED", result.StandardError, StringComparison.Ordinal);
    }
}

/// <summary>security.md B3: every malformed or hostile person JWE is refused with a JoseException.</summary>
public sealed class JweCodecRejectionTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("\"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\"");

    private readonly RSA _key = RSA.Create(2048);

    public void Dispose() => _key.Dispose();

    private string Valid() => JweCodec.Encrypt(Payload, _key);

    [Fact]
    public void TheUntamperedObjectDecrypts() => Assert.Equal(Payload, JweCodec.Decrypt(Valid(), _key));

    [Fact]
    public void TamperedHeaderIsRejected()
    {
        var parts = Valid().Split('.');
        parts[0] = Base64Url.Encode("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"x"}"""u8);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', parts), _key));
        Assert.Contains("tag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "key unwrap")]
    [InlineData(2, "tag")]
    [InlineData(3, "tag")]
    [InlineData(4, "tag")]
    public void TamperedSegmentIsRejected(int segment, string reason)
    {
        var tampered = CryptoTestSupport.FlipByte(Valid(), segment, index: 5);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(tampered, _key));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedTagOrWrongIvLengthIsRejected()
    {
        var parts = Valid().Split('.');
        var shortTag = (string[])parts.Clone();
        shortTag[4] = Base64Url.Encode(Base64Url.Decode(parts[4]).AsSpan(0, 12));
        var longIv = (string[])parts.Clone();
        longIv[2] = Base64Url.Encode(new byte[16]);

        Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', shortTag), _key));
        Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', longIv), _key));
    }

    [Fact]
    public void AnotherRecipientsKeyIsRejected()
    {
        using var other = RSA.Create(2048);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(Valid(), other));
        Assert.Contains("key unwrap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa15KeyWrappingIsRejectedEvenWhenOtherwiseCorrect()
    {
        var jwe = CryptoTestSupport.BuildJwe("""{"alg":"RSA1_5","enc":"A256GCM"}""", Payload, _key, RSAEncryptionPadding.Pkcs1);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(jwe, _key));
        Assert.Contains("alg", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}""")]
    [InlineData("""{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":"c2FsdHNhbHRzYWx0","p2c":1000}""")]
    [InlineData("""{"alg":"PBES2-HS512+A256KW","enc":"A256GCM","p2s":"c2FsdHNhbHRzYWx0","p2c":1000}""")]
    [InlineData("""{"alg":"ECDH-ES","enc":"A256GCM"}""")]
    [InlineData("""{"alg":"RSA-OAEP-256","enc":"A256GCM"}""")]
    [InlineData("""{"alg":"rsa-oaep","enc":"A256GCM"}""")]
    [InlineData("""{"enc":"A256GCM"}""")]
    [InlineData("""{"alg":["RSA-OAEP"],"enc":"A256GCM"}""")]
    public void OtherKeyManagementAlgorithmsAreRejected(string header)
    {
        var jwe = CryptoTestSupport.BuildJwe(header, Payload, _key);
        var direct = CryptoTestSupport.BuildJwe(header, Payload, null, encryptedKeyOverride: []);

        Assert.Contains("alg", Assert.Throws<JoseException>(() => JweCodec.Decrypt(jwe, _key)).Message, StringComparison.Ordinal);
        Assert.Contains("alg", Assert.Throws<JoseException>(() => JweCodec.Decrypt(direct, _key)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A128GCM", 16)]
    [InlineData("A192GCM", 24)]
    [InlineData("A256CBC-HS512", 32)]
    [InlineData("none", 32)]
    public void ContentEncryptionOtherThanTheAllowedIsRejected(string enc, int cekBytes)
    {
        var jwe = CryptoTestSupport.BuildJwe($$"""{"alg":"RSA-OAEP","enc":"{{enc}}"}""", Payload, _key, cekBytes: cekBytes);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(jwe, _key));
        Assert.Contains("enc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompressionIsRejected()
    {
        var jwe = CryptoTestSupport.BuildJwe("""{"alg":"RSA-OAEP","enc":"A256GCM","zip":"DEF"}""", Payload, _key);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(jwe, _key));
        Assert.Contains("compression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CriticalHeaderParametersAreRejected()
    {
        var jwe = CryptoTestSupport.BuildJwe("""{"alg":"RSA-OAEP","enc":"A256GCM","crit":["exp"],"exp":1}""", Payload, _key);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(jwe, _key));
        Assert.Contains("crit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(3)]
    [InlineData(1)]
    public void WrongSegmentCountIsRejected(int segments)
    {
        var parts = Valid().Split('.').ToList();
        while (parts.Count > segments)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        while (parts.Count < segments)
        {
            parts.Add(parts[^1]);
        }

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', parts), _key));
        Assert.Contains("five segments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectOverOneMegabyteIsRejectedUnread()
    {
        var parts = Valid().Split('.');
        parts[3] = new string('A', JweCodec.MaxCompactLength);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', parts), _key));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("\"RSA-OAEP\"")]
    public void AHeaderThatIsNotAJsonObjectIsRejected(string header)
    {
        var parts = Valid().Split('.');
        parts[0] = Base64Url.Encode(Encoding.UTF8.GetBytes(header));

        Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', parts), _key));
    }

    [Theory]
    [InlineData(0, "eyJ=")]
    [InlineData(1, "a+b/")]
    [InlineData(2, "A")]
    [InlineData(3, "has space")]
    [InlineData(4, "AB")]
    public void BadBase64urlIsRejectedAsAJoseError(int segment, string value)
    {
        var parts = Valid().Split('.');
        parts[segment] = value;

        Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Join('.', parts), _key));
    }

    [Fact]
    public void AnEmptyObjectIsRejected()
    {
        Assert.Throws<JoseException>(() => JweCodec.Decrypt(string.Empty, _key));
        Assert.Throws<JoseException>(() => JweCodec.Decrypt("....", _key));
    }

    [Fact]
    public void RejectionMessagesNeverContainTheObject()
    {
        var tampered = CryptoTestSupport.FlipByte(Valid(), 3, index: 2);

        var error = Assert.Throws<JoseException>(() => JweCodec.Decrypt(tampered, _key));

        Assert.DoesNotContain("eyJ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tampered.Split('.')[3], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(tampered), error.ToString(), StringComparison.Ordinal);
    }
}
