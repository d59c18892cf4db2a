using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// The two JWTs a FAPI client signs on every request: the private_key_jwt client assertion (with our
/// registered signing key) and the DPoP proof (with the sign-in's own ephemeral key, never the registered one).
/// </summary>
public static class ProofBuilder
{
    public const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>Lifetime of a client assertion: well inside the 120 s a server accepts.</summary>
    public static readonly TimeSpan AssertionLifetime = TimeSpan.FromSeconds(60);

    /// <summary><c>iss = sub = client_id</c>, <c>aud</c> = the issuer string exactly, a fresh <c>jti</c>, short <c>exp</c>.</summary>
    public static string ClientAssertion(string clientId, string issuer, EcJwk signingKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var iat = now.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = issuer,
            ["iat"] = iat,
            ["exp"] = iat + (long)AssertionLifetime.TotalSeconds,
            ["jti"] = NewJti(),
        };
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["kid"] = signingKey.Kid! };
        return SingpassJose.SignEs256(claims, signingKey, header);
    }

    /// <summary>
    /// RFC 9449 proof: <c>typ: dpop+jwt</c>, the public key in <c>jwk</c>, <c>htm</c>, <c>htu</c> without
    /// query or fragment, <c>iat</c>, a fresh <c>jti</c>; <c>ath</c> when an access token is presented and
    /// <c>nonce</c> when the server asked for one.
    /// </summary>
    public static string DpopProof(EcJwk dpopKey, string method, Uri url, DateTimeOffset now, string? accessToken = null, string? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(dpopKey);
        ArgumentNullException.ThrowIfNull(url);
        var claims = new Dictionary<string, object>
        {
            ["htm"] = method,
            ["htu"] = HtuOf(url),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = NewJti(),
        };
        if (accessToken is not null)
        {
            claims["ath"] = AccessTokenHash(accessToken);
        }

        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        var publicKey = dpopKey.PublicOnly();
        var jwk = new Dictionary<string, object> { ["kty"] = "EC", ["crv"] = publicKey.Crv, ["x"] = publicKey.X, ["y"] = publicKey.Y };
        var header = new Dictionary<string, object> { ["typ"] = "dpop+jwt", ["jwk"] = jwk };
        return SingpassJose.SignEs256(claims, dpopKey, header);
    }

    /// <summary>The URL as DPoP compares it: scheme, host, port and path; no query, no fragment.</summary>
    public static string HtuOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Path);
    }

    /// <summary>base64url(SHA-256(ASCII(access_token))).</summary>
    public static string AccessTokenHash(string accessToken) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    private static string NewJti() => Base64Url.Encode(RandomNumberGenerator.GetBytes(18));
}
