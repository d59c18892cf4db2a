using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// An elliptic-curve JSON Web Key (RFC 7517/7518) as it is stored and published: P-256, P-384 or P-521,
/// with the private scalar <c>d</c> only where we hold the private key. Holds text, never key objects, so
/// it is cheap to keep and safe to serialise; <see cref="ToECDsa"/> makes a key when one is needed.
/// </summary>
public sealed record EcJwk
{
    [JsonPropertyName("kty")]
    public string Kty { get; init; } = "EC";

    [JsonPropertyName("crv")]
    public required string Crv { get; init; }

    [JsonPropertyName("x")]
    public required string X { get; init; }

    [JsonPropertyName("y")]
    public required string Y { get; init; }

    [JsonPropertyName("d")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? D { get; init; }

    [JsonPropertyName("kid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kid { get; init; }

    [JsonPropertyName("use")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Use { get; init; }

    [JsonPropertyName("alg")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Alg { get; init; }

    /// <summary>When the key was made (Unix seconds); our own member, used to decide when a new key may sign.</summary>
    [JsonPropertyName("iat")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CreatedAt { get; init; }

    [JsonIgnore]
    public bool IsPrivate => D is not null;

    /// <summary>The same key without its private part.</summary>
    public EcJwk PublicOnly() => this with { D = null };

    public static EcJwk Generate(string crv, string? kid, string? use, string? alg, long? createdAt = null)
    {
        using var key = ECDsa.Create(CurveOf(crv));
        return FromParameters(key.ExportParameters(includePrivateParameters: true), kid, use, alg, createdAt);
    }

    public static EcJwk FromECDsa(ECDsa key, bool includePrivate, string? kid = null, string? use = null, string? alg = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return FromParameters(key.ExportParameters(includePrivate), kid, use, alg, null);
    }

    public ECDsa ToECDsa() => ECDsa.Create(ToParameters());

    public ECDiffieHellman ToECDiffieHellman() => ECDiffieHellman.Create(ToParameters());

    /// <summary>
    /// RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order with no white space,
    /// base64url encoded. Used for DPoP key binding (<c>jkt</c>) and as a default key id.
    /// </summary>
    public string Thumbprint() => JwkThumbprint.Compute(JsonSerializer.SerializeToElement(PublicOnly()));

    /// <summary>Reads an EC JWK from JSON, checking the members a key cannot work without.</summary>
    public static EcJwk Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JoseException("JWK is not a JSON object");
        }

        var key = element.Deserialize<EcJwk>() ?? throw new JoseException("JWK is empty");
        if (key.Kty != "EC")
        {
            throw new JoseException("JWK is not an EC key");
        }

        // Checks the curve name and that the point is on it (the platform validates on import).
        try
        {
            using var _ = key.ToECDsa();
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JoseException)
        {
            throw new JoseException("JWK does not hold a valid EC key");
        }

        return key;
    }

    public static ECCurve CurveOf(string crv) => crv switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        "P-521" => ECCurve.NamedCurves.nistP521,
        _ => throw new JoseException("JWK curve is not supported"),
    };

    private ECParameters ToParameters()
    {
        var parameters = new ECParameters
        {
            Curve = CurveOf(Crv),
            Q = new ECPoint { X = Base64Url.Decode(X), Y = Base64Url.Decode(Y) },
        };
        if (D is not null)
        {
            parameters.D = Base64Url.Decode(D);
        }

        return parameters;
    }

    private static EcJwk FromParameters(ECParameters p, string? kid, string? use, string? alg, long? createdAt)
    {
        var crv = p.Curve.Oid.FriendlyName switch
        {
            "nistP256" or "ECDSA_P256" => "P-256",
            "nistP384" or "ECDSA_P384" => "P-384",
            "nistP521" or "ECDSA_P521" => "P-521",
            _ => p.Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => "P-256",
                "1.3.132.0.34" => "P-384",
                "1.3.132.0.35" => "P-521",
                _ => throw new JoseException("EC curve is not supported"),
            },
        };
        return new EcJwk
        {
            Crv = crv,
            X = Base64Url.Encode(p.Q.X),
            Y = Base64Url.Encode(p.Q.Y),
            D = p.D is null ? null : Base64Url.Encode(p.D),
            Kid = kid,
            Use = use,
            Alg = alg,
            CreatedAt = createdAt,
        };
    }
}
