using System.Security.Cryptography;
using System.Text;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Compact JWS, RS256 only. The verifying key always comes from configuration: key-bearing header
/// parameters (jku, x5u, jwk, kid) are never used to pick one.
/// </summary>
public static class JwsCodec
{
    public const int MaxCompactLength = 1024 * 1024;

    public static string Sign(ReadOnlySpan<byte> payload, RSA privateKey, string? type = null)
    {
        var header = type is null ? """{"alg":"RS256"}""" : $$"""{"alg":"RS256","typ":"{{type}}"}""";
        var signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.Encode(payload);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    /// <summary>Verifies the signature and returns the payload bytes.</summary>
    public static byte[] Verify(string compact, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(compact);
        if (compact.Length > MaxCompactLength)
        {
            throw new JoseException("JWS is larger than the limit");
        }

        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            throw new JoseException("JWS does not have three segments");
        }

        var header = JoseHeader.Parse(parts[0]);
        if (JoseHeader.GetString(header, "alg") != "RS256")
        {
            throw new JoseException("JWS alg is not RS256");
        }

        var signature = Base64Url.Decode(parts[2]);
        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        bool valid;
        try
        {
            valid = publicKey.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw new JoseException("JWS signature did not verify");
        }

        return Base64Url.Decode(parts[1]);
    }
}
