using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Jose;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// RFC 7638 JWK thumbprint with SHA-256 (as DPoP's <c>jkt</c> and <c>cnf.jkt</c> use it): the hash of
/// the key's required members only, in lexicographic order, with no whitespace. jose-jwt reads and
/// writes JWKs but does not compute thumbprints.
/// </summary>
public static class JwkThumbprint
{
    private static readonly JsonWriterOptions Canonical = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Sha256(Jwk key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Kty switch
        {
            Jwk.KeyTypes.EC => Hash(("crv", key.Crv), ("kty", Jwk.KeyTypes.EC), ("x", key.X), ("y", key.Y)),
            Jwk.KeyTypes.RSA => Hash(("e", key.E), ("kty", Jwk.KeyTypes.RSA), ("n", key.N)),
            _ => throw new ArgumentException("Only EC and RSA keys have a thumbprint here.", nameof(key)),
        };
    }

    /// <summary>The same for a JWK as JSON (EC, RSA or symmetric); other members are ignored.</summary>
    public static string Compute(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new JoseException("JWK is not a JSON object");
        }

        string? Member(string name) => jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return Member("kty") switch
        {
            "EC" => Hash(("crv", Member("crv")), ("kty", "EC"), ("x", Member("x")), ("y", Member("y"))),
            "RSA" => Hash(("e", Member("e")), ("kty", "RSA"), ("n", Member("n"))),
            "oct" => Hash(("k", Member("k")), ("kty", "oct")),
            _ => throw new JoseException("JWK key type is not supported for thumbprints"),
        };
    }

    /// <summary>Members must be given in lexicographic order, as RFC 7638 section 3.2 requires.</summary>
    private static string Hash(params (string Name, string? Value)[] members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            foreach (var (name, value) in members)
            {
                json.WriteString(name, string.IsNullOrEmpty(value) ? throw new JoseException($"The JWK has no '{name}'.") : value);
            }

            json.WriteEndObject();
        }

        return Base64Url.Encode(SHA256.HashData(buffer.WrittenSpan));
    }
}
