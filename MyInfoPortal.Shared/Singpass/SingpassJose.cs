using System.Text.Json;
using Jose;
using MyInfoPortal.Web.Crypto;
using JoseException = MyInfoPortal.Web.Crypto.JoseException;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// The JOSE that Singpass FAPI 2.0 uses, on jose-jwt with allow-lists pinned here: ES256 signatures
/// (ES384/ES512 accepted from the issuer), ECDH-ES+A256KW key agreement with A256CBC-HS512 or A256GCM.
/// Headers are read and checked before any key is touched; <c>zip</c> and <c>crit</c> are refused, and
/// key-bearing header members (<c>jku</c>, <c>x5u</c>, <c>jwk</c>) never choose a key.
/// </summary>
public static class SingpassJose
{
    public const int MaxCompactLength = 1024 * 1024;

    public const string KeyAgreement = "ECDH-ES+A256KW";

    public static readonly IReadOnlySet<string> IssuerSignatureAlgorithms = new HashSet<string>(StringComparer.Ordinal) { "ES256", "ES384", "ES512" };

    /// <summary>Signs <paramref name="claims"/> with ES256 under the given header members (alg is always ES256).</summary>
    public static string SignEs256(object claims, EcJwk key, IDictionary<string, object> header)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var ecdsa = key.ToECDsa();
        return JWT.EncodeBytes(JsonSerializer.SerializeToUtf8Bytes(claims), ecdsa, JwsAlgorithm.ES256, header);
    }

    /// <summary>Encrypts to a recipient's public EC key with ECDH-ES+A256KW (used by the simulator and tests).</summary>
    public static string Encrypt(byte[] plaintext, EcJwk recipient, string enc, IDictionary<string, object>? header = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        using var key = recipient.PublicOnly().ToECDiffieHellman();
        var encryption = enc switch
        {
            "A256GCM" => JweEncryption.A256GCM,
            "A256CBC-HS512" => JweEncryption.A256CBC_HS512,
            _ => throw new JoseException("JWE enc is not allowed"),
        };
        return JWT.EncodeBytes(plaintext, key, JweAlgorithm.ECDH_ES_A256KW, encryption, extraHeaders: header);
    }

    /// <summary>Reads a compact token's protected header, refusing what we never accept.</summary>
    public static Dictionary<string, JsonElement> ReadHeader(string compact, int segments)
    {
        ArgumentNullException.ThrowIfNull(compact);
        if (compact.Length > MaxCompactLength)
        {
            throw new JoseException("token is larger than the limit");
        }

        var parts = compact.Split('.');
        if (parts.Length != segments)
        {
            throw new JoseException("token does not have the expected number of segments");
        }

        Dictionary<string, JsonElement>? header;
        try
        {
            header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Crypto.Base64Url.Decode(parts[0]));
        }
        catch (JsonException)
        {
            throw new JoseException("protected header is not a JSON object");
        }

        if (header is null)
        {
            throw new JoseException("protected header is empty");
        }

        if (header.ContainsKey("crit") || header.ContainsKey("zip") || header.ContainsKey("b64"))
        {
            throw new JoseException("protected header asks for a feature that is not accepted");
        }

        return header;
    }

    public static string? HeaderString(Dictionary<string, JsonElement> header, string name) =>
        header is not null && header.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// Decrypts a compact JWE made for one of our keys: alg exactly ECDH-ES+A256KW, enc one of
    /// <paramref name="allowedEnc"/>. The header's kid selects among our own private keys only.
    /// </summary>
    public static byte[] Decrypt(string compact, IEnumerable<EcJwk> candidates, IReadOnlySet<string> allowedEnc)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(allowedEnc);
        var header = ReadHeader(compact, 5);
        if (HeaderString(header, "alg") != KeyAgreement)
        {
            throw new JoseException("JWE alg is not allowed");
        }

        var enc = HeaderString(header, "enc");
        if (enc is null || !allowedEnc.Contains(enc))
        {
            throw new JoseException("JWE enc is not allowed");
        }

        var encryption = enc == "A256GCM" ? JweEncryption.A256GCM : JweEncryption.A256CBC_HS512;
        foreach (var candidate in candidates)
        {
            if (!candidate.IsPrivate)
            {
                continue;
            }

            using var key = candidate.ToECDiffieHellman();
            try
            {
                return JWT.DecodeBytes(compact, key, JweAlgorithm.ECDH_ES_A256KW, encryption);
            }
            catch (Exception ex) when (ex is Jose.JoseException or System.Security.Cryptography.CryptographicException or ArgumentException or FormatException)
            {
                // Try the next of our keys; the failure is reported once below.
            }
        }

        throw new JoseException("JWE could not be decrypted with any of our keys");
    }

    /// <summary>Verifies a compact JWS with the key <paramref name="resolveKey"/> returns for its kid; alg from <paramref name="allowedAlgs"/>.</summary>
    public static async Task<byte[]> VerifyAsync(string compact, IReadOnlySet<string> allowedAlgs, Func<string?, Task<EcJwk>> resolveKey)
    {
        ArgumentNullException.ThrowIfNull(allowedAlgs);
        ArgumentNullException.ThrowIfNull(resolveKey);
        var header = ReadHeader(compact, 3);
        var alg = HeaderString(header, "alg");
        if (alg is null || !allowedAlgs.Contains(alg))
        {
            throw new JoseException("JWS alg is not allowed");
        }

        var key = await resolveKey(HeaderString(header, "kid"));
        return Verify(compact, alg, key);
    }

    /// <summary>Verifies with a known key; the key's curve must match the algorithm.</summary>
    public static byte[] Verify(string compact, string alg, EcJwk key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (jwsAlg, crv) = alg switch
        {
            "ES256" => (JwsAlgorithm.ES256, "P-256"),
            "ES384" => (JwsAlgorithm.ES384, "P-384"),
            "ES512" => (JwsAlgorithm.ES512, "P-521"),
            _ => throw new JoseException("JWS alg is not allowed"),
        };
        if (key.Crv != crv)
        {
            throw new JoseException("JWS key does not fit its algorithm");
        }

        using var ecdsa = key.PublicOnly().ToECDsa();
        try
        {
            return JWT.DecodeBytes(compact, ecdsa, jwsAlg);
        }
        catch (Exception ex) when (ex is Jose.JoseException or System.Security.Cryptography.CryptographicException or ArgumentException or FormatException)
        {
            throw new JoseException("JWS signature did not verify");
        }
    }
}
