using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>An access token that passed every check, and the subject it names.</summary>
public sealed record MyInfoAccessToken(string Value, string Subject, DateTimeOffset ExpiresAt);

/// <summary>
/// Checks a Myinfo access token before it is used: RS256 only, signed by the configured Myinfo key
/// (header key hints such as jku, x5u, jwk and kid are never followed), exp and nbf with at most 60 s
/// of skew, iss and aud when configured, and a plausible opaque <c>sub</c>.
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
        catch (FormatException)
        {
            throw Reject("access token is not base64url");
        }

        JsonElement claims;
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            claims = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Reject("access token payload is not JSON");
        }

        if (claims.ValueKind != JsonValueKind.Object)
        {
            throw Reject("access token payload is not a JSON object");
        }

        var now = time.GetUtcNow();
        var expires = NumericDate(claims, "exp") ?? throw Reject("access token has no exp");
        if (now - MaxSkew >= expires)
        {
            throw Reject("access token has expired");
        }

        if (NumericDate(claims, "nbf") is { } notBefore && now + MaxSkew < notBefore)
        {
            throw Reject("access token is not valid yet");
        }

        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.TokenIssuer) &&
            !(claims.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String && iss.GetString() == o.TokenIssuer))
        {
            throw Reject("access token issuer is not the configured one");
        }

        if (!string.IsNullOrWhiteSpace(o.TokenAudience) && !HasAudience(claims, o.TokenAudience))
        {
            throw Reject("access token audience is not the configured one");
        }

        if (!claims.TryGetProperty("sub", out var subElement) || subElement.ValueKind != JsonValueKind.String)
        {
            throw Reject("access token has no sub");
        }

        var subject = subElement.GetString()!;
        if (!SubjectPattern().IsMatch(subject))
        {
            throw Reject("access token sub has an unexpected form");
        }

        return new MyInfoAccessToken(token, subject, expires);
    }

    private static bool HasAudience(JsonElement claims, string expected)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == expected,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == expected),
            _ => false,
        };
    }

    private static DateTimeOffset? NumericDate(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || double.IsNaN(seconds) ||
            seconds < 0 || seconds > 253402300799)
        {
            throw Reject($"access token {name} is not a NumericDate");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
    }

    private static MyInfoException Reject(string reason) => new(MyInfoFailure.TokenRejected, reason);

    /// <summary>
    /// Opaque: an NRIC/FIN with MockPass, a UUID for some real apps. Letters, digits and a few
    /// separators only, so that it cannot change the person URL's path or query.
    /// </summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPattern();
}
