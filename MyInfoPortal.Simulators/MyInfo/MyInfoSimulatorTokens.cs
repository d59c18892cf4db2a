using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>The token endpoint's success body, as Myinfo sends it.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>What a verified access token says.</summary>
public sealed record AccessTokenClaims(string Subject, string Audience, IReadOnlyList<string> Scope);

/// <summary>
/// <c>POST /token</c>: PKI_SIGN, client credentials, then the code (valid, unexpired, bound to this
/// client and redirect_uri, consumed atomically), then an RS256 access token signed with the
/// simulator's key. Also verifies those tokens for the person endpoint.
/// </summary>
public sealed class MyInfoSimulatorTokens(
    SimulatorDbContext db,
    PkiSignVerifier verifier,
    MyInfoSimulatorKeys keys,
    IOptions<SimulatorOptions> options,
    IOptions<SimulatorHostOptions> host,
    TimeProvider time,
    ILogger<MyInfoSimulatorTokens> logger)
{
    public const string GrantType = "authorization_code";

    /// <summary>The <c>iss</c> of every token: the simulator's base URL.</summary>
    public string Issuer => host.Value.Url(SimulatorPaths.MyInfoApi);

    public async Task<SimulatorResult<TokenResponse>> ExchangeAsync(SignedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await ExchangeCoreAsync(request, cancellationToken);
        if (!result.Succeeded)
        {
            logger.TokenRefused(result.Failure.Status, result.Failure.Message);
        }

        return result;
    }

    public SimulatorResult<AccessTokenClaims> VerifyAccessToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Missing bearer token");
        }

        JsonObject? claims;
        try
        {
            claims = JsonNode.Parse(JwsCodec.Verify(token, keys.SigningKey)) as JsonObject;
        }
        catch (JoseException)
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Invalid token");
        }
        catch (JsonException)
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Invalid token");
        }

        var subject = Text(claims, "sub");
        var audience = Text(claims, "aud");
        var expires = Number(claims, "exp");
        var notBefore = Number(claims, "nbf");
        var scope = claims?["scope"] as JsonArray;
        if (claims is null || subject is null || audience is null || expires is null || notBefore is null || scope is null ||
            !string.Equals(Text(claims, "iss"), Issuer, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Invalid token");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (now >= expires)
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Token has expired");
        }

        if (now < notBefore)
        {
            return SimulatorResult.Fail<AccessTokenClaims>(401, "Token is not yet valid");
        }

        var attributes = new List<string>();
        foreach (var item in scope)
        {
            if (item is not JsonValue value || !value.TryGetValue(out string? attribute))
            {
                return SimulatorResult.Fail<AccessTokenClaims>(401, "Invalid token");
            }

            attributes.Add(attribute);
        }

        return SimulatorResult.Ok(new AccessTokenClaims(subject, audience, attributes));
    }

    private async Task<SimulatorResult<TokenResponse>> ExchangeCoreAsync(SignedRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value.MyInfo;
        if (request.Parameters.GroupBy(p => p.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Invalid request: a parameter appears more than once");
        }

        var verified = await verifier.VerifyAsync(request, requireBearer: false, cancellationToken);
        if (!verified.Succeeded)
        {
            return SimulatorResult.Fail<TokenResponse>(verified.Failure);
        }

        var form = request.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!string.Equals(form.GetValueOrDefault("grant_type"), GrantType, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Invalid grant_type");
        }

        if (!string.Equals(form.GetValueOrDefault("client_id"), settings.ClientId, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<TokenResponse>(401, "Invalid client_id");
        }

        if (!SecretMatches(form.GetValueOrDefault("client_secret"), settings.ClientSecret))
        {
            return SimulatorResult.Fail<TokenResponse>(401, "Invalid client_secret");
        }

        var code = form.GetValueOrDefault("code");
        if (string.IsNullOrEmpty(code))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Missing authorization code");
        }

        var redirectUri = form.GetValueOrDefault("redirect_uri");
        if (string.IsNullOrEmpty(redirectUri))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Missing redirect_uri");
        }

        var codeHash = Hashing.Sha256Hex(code);
        var issued = await db.SimulatorAuthCodes.AsNoTracking().SingleOrDefaultAsync(c => c.CodeHash == codeHash, cancellationToken);
        if (issued is null || !string.Equals(issued.ClientId, settings.ClientId, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Invalid authorization code");
        }

        if (!string.Equals(issued.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<TokenResponse>(400, "redirect_uri does not match the authorisation request");
        }

        if (issued.UsedAt is not null)
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Authorization code has already been used");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (issued.ExpiresAt <= now)
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Authorization code has expired");
        }

        // One conditional UPDATE: of two racing exchanges, exactly one sees a row change.
        var consumed = await db.SimulatorAuthCodes
            .Where(c => c.Id == issued.Id && c.UsedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        if (consumed != 1)
        {
            return SimulatorResult.Fail<TokenResponse>(400, "Authorization code has already been used");
        }

        var attributes = issued.Attributes.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var token = IssueAccessToken(issued.PersonaId, settings.ClientId!, attributes, settings.TokenLifetime);
        logger.TokenIssued(Nric.Mask(issued.PersonaId));
        return SimulatorResult.Ok(new TokenResponse(
            token, "Bearer", (long)settings.TokenLifetime.TotalSeconds - 1, string.Join(' ', attributes)));
    }

    private string IssueAccessToken(string subject, string clientId, IEnumerable<string> attributes, TimeSpan lifetime)
    {
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["sub"] = subject,
            ["iss"] = Issuer,
            ["aud"] = clientId,
            ["iat"] = issuedAt,
            ["nbf"] = issuedAt,
            ["exp"] = issuedAt + (long)lifetime.TotalSeconds,
            ["scope"] = new JsonArray(attributes.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["jti"] = Hashing.NewSecret(),
            ["token_type"] = "Bearer",
            ["grant_type"] = GrantType,
        };
        return JwsCodec.Sign(Encoding.UTF8.GetBytes(claims.ToJsonString()), keys.SigningKey, "JWT");
    }

    private static bool SecretMatches(string? presented, string? expected) =>
        presented is not null && expected is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    private static string? Text(JsonObject? claims, string name) =>
        claims?[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static long? Number(JsonObject? claims, string name) =>
        claims?[name] is JsonValue value && value.TryGetValue(out long number) ? number : null;
}
