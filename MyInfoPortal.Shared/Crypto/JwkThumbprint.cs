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
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            switch (key.Kty)
            {
                case Jwk.KeyTypes.EC:
                    json.WriteString("crv", Required(key.Crv, "crv"));
                    json.WriteString("kty", Jwk.KeyTypes.EC);
                    json.WriteString("x", Required(key.X, "x"));
                    json.WriteString("y", Required(key.Y, "y"));
                    break;
                case Jwk.KeyTypes.RSA:
                    json.WriteString("e", Required(key.E, "e"));
                    json.WriteString("kty", Jwk.KeyTypes.RSA);
                    json.WriteString("n", Required(key.N, "n"));
                    break;
                default:
                    throw new ArgumentException("Only EC and RSA keys have a thumbprint here.", nameof(key));
            }

            json.WriteEndObject();
        }

        return Base64Url.Encode(SHA256.HashData(buffer.WrittenSpan));
    }

    private static string Required(string? value, string member) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"The JWK has no '{member}'.", nameof(member)) : value;
}
