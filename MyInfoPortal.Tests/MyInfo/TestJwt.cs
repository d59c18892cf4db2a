using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Builds JWTs with any header, payload and signing method, including the wrong ones.</summary>
public static class TestJwt
{
    public static string Claims(string sub, DateTimeOffset now, string? iss = null, string? aud = null, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(30))).ToUnixTimeSeconds(),
            ["scope"] = new[] { "name", "uinfin" },
        };
        if (iss is not null)
        {
            claims["iss"] = iss;
        }

        if (aud is not null)
        {
            claims["aud"] = aud;
        }

        if (notBefore is not null)
        {
            claims["nbf"] = notBefore.Value.ToUnixTimeSeconds();
        }

        return JsonSerializer.Serialize(claims);
    }

    public static string Rs256(string payloadJson, RSA key, string headerJson = """{"alg":"RS256","typ":"JWT"}""") =>
        Sign(headerJson, payloadJson, input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Sign(string headerJson, string payloadJson, Func<byte[], byte[]> signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson));
        return input + "." + Base64Url.Encode(signer(Encoding.ASCII.GetBytes(input)));
    }

    public static string AlgNone(string headerJson, string payloadJson) =>
        Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payloadJson)) + ".";
}
