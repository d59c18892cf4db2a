using System.Security.Cryptography;
using Jose;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Compact JWE on jose-jwt: RSA-OAEP key wrapping (OAEP with SHA-1, as RFC 7518 section 4.3 defines
/// it) with A256GCM content encryption; A128CBC-HS256 is accepted on decrypt only, for older Myinfo
/// peers. Nothing else is accepted: no other alg or enc, no <c>zip</c>, no <c>crit</c>, nothing over
/// <see cref="MaxCompactLength"/>, and the key is always the caller's (<c>kid</c>, <c>jku</c>,
/// <c>x5u</c> and <c>jwk</c> never pick one).
/// </summary>
public static class JweCodec
{
    /// <summary>Person responses are a few kilobytes; anything near a megabyte is refused unread.</summary>
    public const int MaxCompactLength = 1024 * 1024;

    private const string AlgRsaOaep = "RSA-OAEP";
    private const string EncA256Gcm = "A256GCM";
    private const string EncA128CbcHs256 = "A128CBC-HS256";

    private static readonly JwtSettings Settings = JoseSettings.AllowOnly(
        signing: [],
        keyManagement: [JweAlgorithm.RSA_OAEP],
        contentEncryption: [JweEncryption.A256GCM, JweEncryption.A128CBC_HS256]);

    public static string Encrypt(ReadOnlySpan<byte> plaintext, RSA recipientPublicKey, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(recipientPublicKey);
        var extraHeaders = keyId is null ? null : new Dictionary<string, object> { ["kid"] = keyId };
        return JWT.EncodeBytes(plaintext.ToArray(), recipientPublicKey, JweAlgorithm.RSA_OAEP, JweEncryption.A256GCM,
            compression: null, extraHeaders: extraHeaders, settings: Settings);
    }

    public static byte[] Decrypt(string compact, RSA recipientPrivateKey)
    {
        ArgumentNullException.ThrowIfNull(compact);
        ArgumentNullException.ThrowIfNull(recipientPrivateKey);
        JoseHeader.CheckShape(compact, MaxCompactLength, segments: 5, "JWE", "five");

        var header = JoseHeader.Read(compact, Settings);
        if (JoseHeader.GetString(header, "alg") != AlgRsaOaep)
        {
            throw new JoseException("JWE alg is not RSA-OAEP");
        }

        if (header.ContainsKey("zip"))
        {
            throw new JoseException("JWE compression is not accepted");
        }

        var enc = JoseHeader.GetString(header, "enc") switch
        {
            EncA256Gcm => JweEncryption.A256GCM,
            EncA128CbcHs256 => JweEncryption.A128CBC_HS256,
            _ => throw new JoseException("JWE enc is not allowed"),
        };

        try
        {
            return JWE.Decrypt(compact, recipientPrivateKey, JweAlgorithm.RSA_OAEP, enc, Settings).PlaintextBytes;
        }
        catch (CryptographicException)
        {
            // jose-jwt lets the RSA unwrap's own exception through; content decryption failures come wrapped.
            throw new JoseException("JWE key unwrap failed");
        }
        catch (Exception ex) when (ex is IntegrityException or EncryptionException)
        {
            throw new JoseException("JWE authentication tag did not verify");
        }
        catch (InvalidAlgorithmException)
        {
            throw new JoseException("JWE alg or enc is not allowed");
        }
        catch (Exception ex) when (JoseHeader.IsRefusal(ex))
        {
            throw new JoseException("JWE is malformed");
        }
    }
}
