using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>An OAuth error as the simulator answers it: status, error code and a description for people.</summary>
public sealed record OAuthError(int Status, string Error, string Description);

/// <summary>A verified DPoP proof: the thumbprint of the key that made it.</summary>
public sealed record VerifiedProof(string Jkt);

/// <summary>
/// Checks what a FAPI 2.0 server checks of a client: the private_key_jwt assertion (signature against the
/// client's registered keys, <c>iss = sub = client_id</c>, <c>aud</c> exactly the issuer, a short life,
/// a <c>jti</c> never seen before) and the DPoP proof (<c>typ</c>, an EC public key in the header, the
/// signature, <c>htm</c>, <c>htu</c>, a fresh <c>iat</c>, a single-use <c>jti</c>, <c>ath</c> when a
/// token is presented).
/// </summary>
public sealed class SingpassProofVerifier(
    SingpassSimulatorClients clients,
    SingpassSimulatorLedger ledger,
    IOptions<SimulatorOptions> options,
    TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly TimeSpan MaxAssertionLifetime = TimeSpan.FromSeconds(120);

    /// <summary>Authenticates the client of a PAR or token request; returns the client or the error to answer.</summary>
    public async Task<(SingpassSimulatorClient? Client, OAuthError? Error)> AuthenticateClientAsync(
        IReadOnlyDictionary<string, string> form, string issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (form.GetValueOrDefault("client_assertion_type") != AssertionType || form.GetValueOrDefault("client_assertion") is not { Length: > 0 } assertion)
        {
            return (null, Invalid("invalid_client", "a private_key_jwt client assertion is required"));
        }

        Dictionary<string, JsonElement> header;
        JsonElement claims;
        try
        {
            header = SingpassJose.ReadHeader(assertion, 3);
            claims = Claims(assertion);
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            return (null, Invalid("invalid_client", "the client assertion is not a readable JWT"));
        }

        var clientId = Text(claims, "iss");
        var client = clients.Find(clientId);
        if (client is null)
        {
            return (null, Invalid("invalid_client", "the client is not registered"));
        }

        if (form.GetValueOrDefault("client_id") is { } formClientId && formClientId != clientId)
        {
            return (null, Invalid("invalid_client", "client_id differs from the assertion's issuer"));
        }

        var alg = SingpassJose.HeaderString(header, "alg");
        if (alg is null || !SingpassJose.IssuerSignatureAlgorithms.Contains(alg))
        {
            return (null, Invalid("invalid_client", "the client assertion must be signed with ES256, ES384 or ES512"));
        }

        var key = await clients.FindKeyAsync(client, "sig", SingpassJose.HeaderString(header, "kid"), cancellationToken);
        if (key is null)
        {
            return (null, Invalid("invalid_client", "no registered signing key of the client matches the assertion's kid"));
        }

        try
        {
            SingpassJose.Verify(assertion, alg, key);
        }
        catch (JoseException)
        {
            return (null, Invalid("invalid_client", "the client assertion's signature does not verify"));
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)options.Value.Singpass.ProofWindow.TotalSeconds;
        if (Text(claims, "sub") != clientId)
        {
            return (null, Invalid("invalid_client", "the client assertion's sub must equal its iss"));
        }

        // aud must be the issuer identifier as a single string, exactly (not an endpoint, not an array).
        if (!claims.TryGetProperty("aud", out var aud) || aud.ValueKind != JsonValueKind.String || aud.GetString() != issuer)
        {
            return (null, Invalid("invalid_client", "the client assertion's aud must be the issuer"));
        }

        if (Number(claims, "exp") is not long exp || Number(claims, "iat") is not long iat)
        {
            return (null, Invalid("invalid_client", "the client assertion needs iat and exp"));
        }

        if (exp - iat > (long)MaxAssertionLifetime.TotalSeconds)
        {
            return (null, Invalid("invalid_client", "the client assertion may live at most 120 seconds"));
        }

        if (exp <= now || iat > now + window)
        {
            return (null, Invalid("invalid_client", "the client assertion has expired or is not yet valid"));
        }

        if (Text(claims, "jti") is not { Length: > 0 and <= 256 } jti ||
            !ledger.TryUseJti("assertion:" + clientId, jti, DateTimeOffset.FromUnixTimeSeconds(exp) + TimeSpan.FromMinutes(1)))
        {
            return (null, Invalid("invalid_client", "the client assertion's jti is missing or was used before"));
        }

        return (client, null);
    }

    /// <summary>Verifies a DPoP proof for this request; <paramref name="accessToken"/> is set on userinfo.</summary>
    public OAuthError? VerifyDpop(string? proof, string method, Uri url, string? accessToken, out VerifiedProof? verified)
    {
        verified = null;
        var status = accessToken is null ? 400 : 401;
        if (string.IsNullOrEmpty(proof))
        {
            return new OAuthError(status, "invalid_dpop_proof", "a DPoP proof is required");
        }

        Dictionary<string, JsonElement> header;
        JsonElement claims;
        try
        {
            header = SingpassJose.ReadHeader(proof, 3);
            claims = Claims(proof);
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof is not a readable JWT");
        }

        if (SingpassJose.HeaderString(header, "typ") != "dpop+jwt")
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's typ must be dpop+jwt");
        }

        var alg = SingpassJose.HeaderString(header, "alg");
        if (alg is null || !SingpassJose.IssuerSignatureAlgorithms.Contains(alg))
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof must be signed with ES256, ES384 or ES512");
        }

        EcJwk key;
        try
        {
            if (!header.TryGetValue("jwk", out var jwk))
            {
                return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's header has no jwk");
            }

            key = EcJwk.Parse(jwk);
            if (key.IsPrivate)
            {
                return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's jwk must not hold a private key");
            }

            SingpassJose.Verify(proof, alg, key);
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's signature does not verify with its jwk");
        }

        if (Text(claims, "htm") != method)
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's htm does not match the request");
        }

        if (Text(claims, "htu") is not { } htu || !Uri.TryCreate(htu, UriKind.Absolute, out var htuUri) ||
            !string.Equals(htuUri.GetLeftPart(UriPartial.Path), url.GetLeftPart(UriPartial.Path), StringComparison.Ordinal))
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's htu does not match the request");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var window = (long)options.Value.Singpass.ProofWindow.TotalSeconds;
        if (Number(claims, "iat") is not long iat || Math.Abs(now - iat) > window)
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's iat is missing or outside the accepted window");
        }

        if (Number(claims, "exp") is long exp && exp - iat > (long)MaxAssertionLifetime.TotalSeconds)
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof may live at most 120 seconds");
        }

        if (accessToken is not null && Text(claims, "ath") != ProofBuilder.AccessTokenHash(accessToken))
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's ath does not match the access token");
        }

        var jkt = key.Thumbprint();
        if (Text(claims, "jti") is not { Length: > 0 and <= 256 } jti ||
            !ledger.TryUseJti("dpop:" + jkt, jti, DateTimeOffset.FromUnixTimeSeconds(iat) + TimeSpan.FromSeconds(2 * window)))
        {
            return new OAuthError(status, "invalid_dpop_proof", "the DPoP proof's jti is missing or was used before");
        }

        verified = new VerifiedProof(jkt);
        return null;
    }

    private static OAuthError Invalid(string error, string description) => new(400, error, description);

    /// <summary>The payload of a compact JWS, read without verifying (the caller verifies before trusting it).</summary>
    private static JsonElement Claims(string compact)
    {
        var payload = Base64Url.Decode(compact.Split('.')[1]);
        using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("claims are not an object");
        }

        return document.RootElement.Clone();
    }

    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
