using System.Security.Cryptography;
using Jose;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Compact JWS on jose-jwt, RS256 only. The verifying key always comes from the caller: key-bearing
/// header parameters (jku, x5u, jwk, kid) are never used to pick one. No <c>crit</c>, no unencoded
/// payload (RFC 7797 <c>b64</c>), nothing over <see cref="MaxCompactLength"/>.
/// </summary>
public static class JwsCodec
{
    public const int MaxCompactLength = 1024 * 1024;

    private const string AlgRs256 = "RS256";

    private static readonly JwtSettings Settings = JoseSettings.AllowOnly(
        signing: [JwsAlgorithm.RS256],
        keyManagement: [],
        contentEncryption: []);

    private static readonly IDictionary<string, object> NoExtraHeaders = System.Collections.ObjectModel.ReadOnlyDictionary<string, object>.Empty;

    public static string Sign(ReadOnlySpan<byte> payload, RSA privateKey, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);

        // An empty dictionary, not null: given null, jose-jwt adds "typ":"JWT" on its own.
        var extraHeaders = type is null ? NoExtraHeaders : new Dictionary<string, object> { ["typ"] = type };
        return JWT.EncodeBytes(payload.ToArray(), privateKey, JwsAlgorithm.RS256, extraHeaders, Settings);
    }

    /// <summary>Verifies the signature and returns the payload bytes.</summary>
    public static byte[] Verify(string compact, RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(compact);
        ArgumentNullException.ThrowIfNull(publicKey);
        JoseHeader.CheckShape(compact, MaxCompactLength, segments: 3, "JWS", "three");

        var header = JoseHeader.Read(compact, Settings);
        if (JoseHeader.GetString(header, "alg") != AlgRs256)
        {
            throw new JoseException("JWS alg is not RS256");
        }

        if (header.TryGetValue("b64", out var b64) && b64 is not true)
        {
            throw new JoseException("JWS unencoded payload is not accepted");
        }

        try
        {
            return JWT.VerifyBytes(compact, publicKey, JwsAlgorithm.RS256, Settings);
        }
        catch (Exception ex) when (ex is IntegrityException or CryptographicException)
        {
            throw new JoseException("JWS signature did not verify");
        }
        catch (InvalidAlgorithmException)
        {
            throw new JoseException("JWS alg is not RS256");
        }
        catch (Exception ex) when (JoseHeader.IsRefusal(ex))
        {
            throw new JoseException("JWS is malformed");
        }
    }
}
