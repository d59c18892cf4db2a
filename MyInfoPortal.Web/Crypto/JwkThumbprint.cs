using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// RFC 7638 JWK thumbprints: SHA-256 over a JSON object of the key type's required public members only,
/// in lexicographic order, without white space, base64url encoded.
/// </summary>
public static class JwkThumbprint
{
    /// <summary>The thumbprint of an EC (crv, kty, x, y), RSA (e, kty, n) or symmetric (k, kty) JWK.</summary>
    public static string Compute(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object)
        {
            throw new JoseException("JWK is not a JSON object");
        }

        var kty = Member(jwk, "kty");
        string[] required = kty switch
        {
            "EC" => ["crv", "kty", "x", "y"],
            "RSA" => ["e", "kty", "n"],
            "oct" => ["k", "kty"],
            _ => throw new JoseException("JWK key type is not supported for thumbprints"),
        };

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in required)
            {
                writer.WriteString(name, Member(jwk, name));
            }

            writer.WriteEndObject();
        }

        return Base64Url.Encode(SHA256.HashData(buffer.ToArray()));
    }

    private static string Member(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JoseException("JWK lacks its required member " + name);
}
