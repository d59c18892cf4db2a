using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>An access token that passed every check, and the subject it names.</summary>
public sealed record MyInfoAccessToken(string Value, string Subject, DateTimeOffset ExpiresAt);

/// <summary>
/// Checks a Myinfo access token before it is used. The signature goes through
/// <see cref="JwsCodec"/> (jose-jwt, RS256 only, signed by the configured Myinfo key; header key
/// hints such as jku, x5u, jwk and kid are never followed); the verified payload is read as typed
/// claims and checked here: exp and nbf with at most 60 s of skew, iss and aud when configured, and a
/// plausible opaque <c>sub</c>. A claim of the wrong JSON type refuses the token.
/// </summary>
public sealed partial class AccessTokenValidator(IOptions<MyInfoOptions> options, MyInfoKeys keys, TimeProvider time)
{
    /// <summary>Real tokens are about a kilobyte.</summary>
    public const int MaxTokenLength = 16 * 1024;

    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(60);

    public MyInfoAccessToken Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw Reject("access token is missing");
        }

        if (token.Length > MaxTokenLength)
        {
            throw Reject("access token is larger than the limit");
        }

        byte[] payload;
        try
        {
            payload = JwsCodec.Verify(token, keys.MyInfoPublicKey);
        }
        catch (JoseException ex)
        {
            throw Reject("access token failed verification: " + ex.Message);
        }

        AccessTokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(payload, AccessTokenJson.Default.AccessTokenClaims);
        }
        catch (JsonException)
        {
            throw Reject("access token payload is not the expected JSON object");
        }

        if (claims is null)
        {
            throw Reject("access token payload is not a JSON object");
        }

        var now = time.GetUtcNow();
        var expires = NumericDate(claims.Expires, "exp") ?? throw Reject("access token has no exp");
        if (now - MaxSkew >= expires)
        {
            throw Reject("access token has expired");
        }

        if (NumericDate(claims.NotBefore, "nbf") is { } notBefore && now + MaxSkew < notBefore)
        {
            throw Reject("access token is not valid yet");
        }

        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.TokenIssuer) && claims.Issuer != o.TokenIssuer)
        {
            throw Reject("access token issuer is not the configured one");
        }

        if (!string.IsNullOrWhiteSpace(o.TokenAudience) && !HasAudience(claims.Audience, o.TokenAudience))
        {
            throw Reject("access token audience is not the configured one");
        }

        var subject = claims.Subject ?? throw Reject("access token has no sub");
        if (!SubjectPattern().IsMatch(subject))
        {
            throw Reject("access token sub has an unexpected form");
        }

        return new MyInfoAccessToken(token, subject, expires);
    }

    /// <summary>RFC 7519 section 4.1.3: one audience as a string, or several as an array.</summary>
    private static bool HasAudience(JsonElement aud, string expected) => aud.ValueKind switch
    {
        JsonValueKind.String => aud.GetString() == expected,
        JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == expected),
        _ => false,
    };

    private static DateTimeOffset? NumericDate(double? seconds, string name)
    {
        if (seconds is not { } value)
        {
            return null;
        }

        if (double.IsNaN(value) || value < 0 || value > 253402300799)
        {
            throw Reject($"access token {name} is not a NumericDate");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)(value * 1000));
    }

    private static MyInfoException Reject(string reason) => new(MyInfoFailure.TokenRejected, reason);

    /// <summary>
    /// Opaque: an NRIC/FIN with MockPass, a UUID for some real apps. Letters, digits and a few
    /// separators only, so that it cannot change the person URL's path or query.
    /// </summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPattern();
}

/// <summary>The access-token claims the portal checks; any others are ignored.</summary>
internal sealed record AccessTokenClaims(
    [property: JsonPropertyName("sub")] string? Subject,
    [property: JsonPropertyName("iss")] string? Issuer,
    [property: JsonPropertyName("aud")] JsonElement Audience,
    [property: JsonPropertyName("exp")] double? Expires,
    [property: JsonPropertyName("nbf")] double? NotBefore);

[JsonSourceGenerationOptions(MaxDepth = 16)]
[JsonSerializable(typeof(AccessTokenClaims))]
internal sealed partial class AccessTokenJson : JsonSerializerContext;
