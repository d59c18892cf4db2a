using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Crypto;

public sealed class PkiSignTests
{
    // The two examples of docs/myinfo-v3.md section 3, character for character.
    private const string TokenBaseString =
        "POST&https://test.api.myinfo.gov.sg/com/v3/token&app_id=STG2-MYINFO-SELF-TEST&client_id=STG2-MYINFO-SELF-TEST&client_secret=44d953c796cccebcec9bdc826852857ab412fbe2&code=8932a98da8720a10e356bc76475d76c4c628aa7f&grant_type=authorization_code&nonce=150590021034800&redirect_uri=http://localhost:3001/callback&signature_method=RS256&state=eb03c000-00a3-4708-ab30-926306bfc4a8&timestamp=1505900210349";

    private const string PersonBaseString =
        "GET&https://test.api.myinfo.gov.sg/com/v3/person/S9812381D/&app_id=STG2-MYINFO-SELF-TEST&attributes=name,dob,birthcountry,nationality,uinfin,sex,regadd&client_id=STG2-MYINFO-SELF-TEST&nonce=150590021034801&signature_method=RS256&timestamp=1505900210350&txnNo=9f86d081884c7d65";

    private const string AppId = "STG2-MYINFO-SELF-TEST";

    [Fact]
    public void TokenBaseStringMatchesTheDocumentedExample()
    {
        // Body fields in the order a client might send them; the base string sorts them.
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", "8932a98da8720a10e356bc76475d76c4c628aa7f"),
            new("redirect_uri", "http://localhost:3001/callback"),
            new("client_id", AppId),
            new("client_secret", "44d953c796cccebcec9bdc826852857ab412fbe2"),
            new("state", "eb03c000-00a3-4708-ab30-926306bfc4a8"),
        };

        var baseString = PkiSign.BuildBaseString("POST", "https://test.api.myinfo.gov.sg/com/v3/token", form, AppId, "150590021034800", 1505900210349);

        Assert.Equal(TokenBaseString, baseString);
    }

    [Fact]
    public void PersonBaseStringMatchesTheDocumentedExample()
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("txnNo", "9f86d081884c7d65"),
            new("client_id", AppId),
            new("attributes", "name,dob,birthcountry,nationality,uinfin,sex,regadd"),
        };

        var baseString = PkiSign.BuildBaseString("get", "https://test.api.myinfo.gov.sg/com/v3/person/S9812381D/", query, AppId, "150590021034801", 1505900210350);

        Assert.Equal(PersonBaseString, baseString);
    }

    [Theory]
    [InlineData(TokenBaseString)]
    [InlineData(PersonBaseString)]
    public async Task SignatureEqualsOpensslDgstSha256Sign(string baseString)
    {
        using var folder = new TempFolder("mip-pkisign");
        using var key = RSA.Create(2048);
        var keyPath = CryptoTestSupport.WritePkcs8(folder, key);
        var dataPath = folder.Combine("base.txt");
        await File.WriteAllBytesAsync(dataPath, Encoding.UTF8.GetBytes(baseString));

        var openssl = await CryptoTestSupport.RunAsync("bash", ["-c", "openssl dgst -sha256 -sign key.pem base.txt | base64 -w0"], folder.Path);
        var ours = PkiSign.SignBaseString(baseString, key);

        Assert.True(openssl.ExitCode == 0, openssl.StandardError);
        Assert.Equal(344, openssl.StandardOutput.Length);
        Assert.Equal(openssl.StandardOutput, ours);
        Assert.True(PkiSign.VerifyBaseString(baseString, openssl.StandardOutput, key));
    }

    [Fact]
    public async Task OpensslVerifiesOurSignatureWithThePublicKeyAlone()
    {
        using var folder = new TempFolder("mip-pkisign");
        using var key = RSA.Create(3072);
        CryptoTestSupport.WriteSpki(folder, key);
        await File.WriteAllBytesAsync(folder.Combine("base.txt"), Encoding.UTF8.GetBytes(PersonBaseString));
        await File.WriteAllBytesAsync(folder.Combine("sig.bin"), Convert.FromBase64String(PkiSign.SignBaseString(PersonBaseString, key)));

        var verified = await CryptoTestSupport.RunAsync("openssl", ["dgst", "-sha256", "-verify", "public.pem", "-signature", "sig.bin", "base.txt"], folder.Path);
        await File.WriteAllBytesAsync(folder.Combine("base.txt"), Encoding.UTF8.GetBytes(PersonBaseString + "x"));
        var altered = await CryptoTestSupport.RunAsync("openssl", ["dgst", "-sha256", "-verify", "public.pem", "-signature", "sig.bin", "base.txt"], folder.Path);

        Assert.Equal(0, verified.ExitCode);
        Assert.Contains("Verified OK", verified.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, altered.ExitCode);
    }

    [Fact]
    public void ValuesAreSignedRawAndKeysSortedOrdinally()
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("b", "a+b c&d=e%2F/ü"),
            new("B", "upper"),
            new("_x", "underscore"),
        };

        var baseString = PkiSign.BuildBaseString("POST", "http://localhost:5000/sim/myinfo/v3/token", parameters, "APP", "n1", 7);

        Assert.Equal("POST&http://localhost:5000/sim/myinfo/v3/token&B=upper&_x=underscore&app_id=APP&b=a+b c&d=e%2F/ü&nonce=n1&signature_method=RS256&timestamp=7", baseString);
    }

    [Fact]
    public void RepeatedOrCollidingParametersCannotBeSigned()
    {
        Assert.Throws<ArgumentException>(() => PkiSign.BuildBaseString("GET", "http://h/p", [new("a", "1"), new("a", "2")], "APP", "n", 1));
        Assert.Throws<ArgumentException>(() => PkiSign.BuildBaseString("GET", "http://h/p", [new("nonce", "mine")], "APP", "n", 1));
        Assert.Throws<ArgumentException>(() => PkiSign.BuildBaseString("GET", "http://h/p", [new("app_id", "other")], "APP", "n", 1));
    }

    [Fact]
    public void SignerUsesItsClockAndAFreshNonceEachTime()
    {
        var clock = new TestClock(DateTimeOffset.FromUnixTimeMilliseconds(1505900210349));
        using var key = RSA.Create(2048);
        var signer = new PkiSigner(clock);

        var (first, firstBase) = signer.Sign("POST", "https://h/token", [new("code", "c")], "APP", key);
        var (second, _) = signer.Sign("POST", "https://h/token", [new("code", "c")], "APP", key);

        Assert.Equal(1505900210349, first.Timestamp);
        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.Matches("^[0-9a-f]{32}$", first.Nonce);
        Assert.Equal($"POST&https://h/token&app_id=APP&code=c&nonce={first.Nonce}&signature_method=RS256&timestamp=1505900210349", firstBase);
        Assert.True(PkiSign.VerifyBaseString(firstBase, first.Signature, key));
    }

    [Fact]
    public void HeadersFollowMyinfoAndSafeEntryOrder()
    {
        var signature = new PkiSignature("APP", "abc123", 1505900210349, "c2ln+/=");

        Assert.Equal("PKI_SIGN timestamp=\"1505900210349\",nonce=\"abc123\",app_id=\"APP\",signature_method=\"RS256\",signature=\"c2ln+/=\"", signature.ToMyInfoHeader());
        Assert.Equal("PKI_SIGN app_id=\"APP\",nonce=\"abc123\",signature_method=\"RS256\",signature=\"c2ln+/=\",timestamp=\"1505900210349\"", signature.ToSafeEntryHeader());
    }

    [Fact]
    public void HeaderParserReadsBothOrdersAndTheBearerToken()
    {
        var signature = new PkiSignature("APP", "abc123", 1505900210349, "c2ln+/=");

        Assert.True(PkiSignHeader.TryParse(signature.ToMyInfoHeader() + ",Bearer eyJ.a.b", out var myInfo));
        Assert.True(PkiSignHeader.TryParse(signature.ToSafeEntryHeader(), out var safeEntry));

        Assert.Equal(new PkiSignHeader("APP", "abc123", "RS256", "c2ln+/=", 1505900210349, "eyJ.a.b"), myInfo);
        Assert.Equal(new PkiSignHeader("APP", "abc123", "RS256", "c2ln+/=", 1505900210349, null), safeEntry);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("PKI_SIGN")]
    [InlineData("PKI_SIGN timestamp=\"1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\"")]
    [InlineData("PKI_SIGN timestamp=1,nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\"")]
    [InlineData("PKI_SIGN timestamp=\"x1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\"")]
    [InlineData("PKI_SIGN timestamp=\"-1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\"")]
    [InlineData("PKI_SIGN timestamp=\"1\",nonce=\"n\",nonce=\"m\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\"")]
    [InlineData("PKI_SIGN timestamp=\"1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\",Bearer ")]
    [InlineData("pki_sign timestamp=\"1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"s\"")]
    public void HeaderParserRejectsMalformedHeaders(string? header)
    {
        Assert.False(PkiSignHeader.TryParse(header, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void HeaderParserRejectsAnOversizedHeader()
    {
        var header = "PKI_SIGN timestamp=\"1\",nonce=\"n\",app_id=\"A\",signature_method=\"RS256\",signature=\"" + new string('s', PkiSignHeader.MaxLength) + "\"";

        Assert.False(PkiSignHeader.TryParse(header, out _));
    }

    [Fact]
    public void VerificationFailsForAnyChangeOrAGarbageSignature()
    {
        using var key = RSA.Create(2048);
        var signature = PkiSign.SignBaseString(TokenBaseString, key);

        Assert.True(PkiSign.VerifyBaseString(TokenBaseString, signature, key));
        Assert.False(PkiSign.VerifyBaseString(TokenBaseString.Replace("code=8", "code=9", StringComparison.Ordinal), signature, key));
        Assert.False(PkiSign.VerifyBaseString(TokenBaseString, "not base64!", key));
        Assert.False(PkiSign.VerifyBaseString(TokenBaseString, Convert.ToBase64String(new byte[10]), key));
        using var other = RSA.Create(2048);
        Assert.False(PkiSign.VerifyBaseString(TokenBaseString, signature, other));
    }
}
