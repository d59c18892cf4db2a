using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Tests.Crypto;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>RFC 7638 thumbprints (DPoP's <c>jkt</c>, our key ids) against the RFCs' own examples and Node's <c>jose</c>.</summary>
public sealed class JwkThumbprintTests
{
    [Fact]
    public void RsaThumbprintMatchesRfc7638Example()
    {
        var vector = CryptoTestSupport.Vector("rfc7638-3.1-rsa.json");

        var thumbprint = JwkThumbprint.Compute(vector.GetProperty("jwk"));

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
        Assert.Equal(vector.GetProperty("thumbprint").GetString(), thumbprint);
    }

    [Fact]
    public void EcThumbprintMatchesRfc9449ExampleKey()
    {
        var vector = CryptoTestSupport.Vector("rfc9449-6.1-ec.json");

        var key = EcJwk.Parse(vector.GetProperty("jwk"));

        Assert.Equal("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", key.Thumbprint());
        Assert.Equal(vector.GetProperty("thumbprint").GetString(), JwkThumbprint.Compute(vector.GetProperty("jwk")));
    }

    [Fact]
    public void OptionalAndPrivateMembersDoNotChangeTheThumbprint()
    {
        var key = EcJwk.Generate("P-256", kid: "sig-1", use: "sig", alg: "ES256", createdAt: 1_790_000_000);

        var bare = JwkThumbprint.Compute(JsonSerializer.SerializeToElement(new { kty = "EC", crv = key.Crv, x = key.X, y = key.Y }));

        Assert.Equal(bare, key.Thumbprint());
        Assert.Equal(bare, key.PublicOnly().Thumbprint());
        Assert.Equal(bare, JwkThumbprint.Compute(JsonSerializer.SerializeToElement(key)));
    }

    [Fact]
    public void DifferentKeysHaveDifferentThumbprints()
    {
        var one = EcJwk.Generate("P-256", null, null, null);
        var two = EcJwk.Generate("P-256", null, null, null);

        Assert.NotEqual(one.Thumbprint(), two.Thumbprint());
    }

    [Fact]
    public void KeyWithoutARequiredMemberIsRefused()
    {
        Assert.Throws<JoseException>(() => JwkThumbprint.Compute(JsonSerializer.SerializeToElement(new { kty = "EC", crv = "P-256", x = "AAAA" })));
        Assert.Throws<JoseException>(() => JwkThumbprint.Compute(JsonSerializer.SerializeToElement(new { kty = "OKP", crv = "Ed25519", x = "AAAA" })));
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    [InlineData("P-521")]
    public async Task EcThumbprintEqualsNodeJoseCalculateJwkThumbprint(string curve)
    {
        var key = EcJwk.Generate(curve, kid: "k", use: "sig", alg: null);

        var result = await NodeFapiJose.RunAsync(new JsonObject { ["op"] = "thumbprint", ["jwk"] = NodeFapiJose.Jwk(key.PublicOnly()) });

        Assert.Equal(result["thumbprint"]!.GetValue<string>(), key.Thumbprint());
    }

    [Fact]
    public async Task NodeJoseAgreesOnTheRfc7638Example()
    {
        var jwk = JsonNode.Parse(CryptoTestSupport.Vector("rfc7638-3.1-rsa.json").GetProperty("jwk").GetRawText())!;

        var result = await NodeFapiJose.RunAsync(new JsonObject { ["op"] = "thumbprint", ["jwk"] = jwk });

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", result["thumbprint"]!.GetValue<string>());
    }
}
