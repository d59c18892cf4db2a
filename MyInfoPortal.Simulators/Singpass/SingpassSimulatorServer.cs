using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Simulators.MyInfo;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>An authorization request on its way through the persona picker and consent page, sealed into the form.</summary>
public sealed record PendingAuthorization(PushedRequest Request, string? PersonaId);

/// <summary>
/// The protocol half of the Singpass simulator: PAR, authorization, token and userinfo, checking what a
/// strict FAPI 2.0 server checks and answering with Singpass's error codes. The browser pages live in
/// the controller; everything here can be tested without HTTP.
/// </summary>
public sealed partial class SingpassSimulatorServer(
    SingpassProofVerifier proofs,
    SingpassSimulatorClients clients,
    SingpassSimulatorLedger ledger,
    SingpassSimulatorKeys keys,
    IDataProtectionProvider dataProtection,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<SingpassSimulatorServer> logger)
{
    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";

    private static readonly JsonSerializerOptions PayloadJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private SingpassSimulatorOptions Settings => options.Value.Singpass;

    private ITimeLimitedDataProtector Sealer =>
        dataProtection.CreateProtector("MyInfoPortal.Simulators.Singpass.PendingAuthorization.v1").ToTimeLimitedDataProtector();

    /// <summary>Every scope the simulator knows: openid and the persona attributes.</summary>
    public static IReadOnlySet<string> KnownScopes { get; } =
        new HashSet<string>(MyInfoPersonas.All.SelectMany(p => p.AttributeNames).Append("openid")
            .Concat(["uinfin", "name", "sex", "dob", "nationality", "birthcountry", "regadd", "mobileno", "email", "race", "marital"]), StringComparer.Ordinal);

    public static string Discovery(string issuer) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["pushed_authorization_request_endpoint"] = issuer + "/par",
        ["authorization_endpoint"] = issuer + "/auth",
        ["token_endpoint"] = issuer + "/token",
        ["userinfo_endpoint"] = issuer + "/userinfo",
        ["jwks_uri"] = issuer + "/.well-known/keys",
        ["response_types_supported"] = new[] { "code" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["scopes_supported"] = KnownScopes.Order(StringComparer.Ordinal).ToArray(),
        ["subject_types_supported"] = new[] { "public" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "ES256", "ES384", "ES512" },
        ["dpop_signing_alg_values_supported"] = new[] { "ES256", "ES384", "ES512" },
        ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        ["id_token_encryption_alg_values_supported"] = new[] { "ECDH-ES+A256KW" },
        ["id_token_encryption_enc_values_supported"] = new[] { "A256CBC-HS512" },
        ["userinfo_signing_alg_values_supported"] = new[] { "ES256" },
        ["userinfo_encryption_alg_values_supported"] = new[] { "ECDH-ES+A256KW" },
        ["userinfo_encryption_enc_values_supported"] = new[] { "A256GCM" },
        ["require_pushed_authorization_requests"] = true,
        ["authorization_response_iss_parameter_supported"] = true,
        ["acr_values_supported"] = new[] { "urn:singpass:authentication:loa:1", "urn:singpass:authentication:loa:2", "urn:singpass:authentication:loa:3" },
    });

    /// <summary>RFC 9126 PAR: authenticates the client, checks the request, binds it to the DPoP key, answers a request_uri.</summary>
    public async Task<(string? Json, OAuthError? Error)> PushAsync(
        IFormCollection form, string? dpop, Uri url, string issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var parameters = Single(form, out var duplicate);
        if (parameters is null)
        {
            return Refuse("par", new OAuthError(400, "invalid_request", duplicate + " appears more than once"));
        }

        var (client, clientError) = await proofs.AuthenticateClientAsync(parameters, issuer, cancellationToken);
        if (client is null)
        {
            return Refuse("par", clientError!);
        }

        string jkt;
        if (dpop is not null)
        {
            var dpopError = proofs.VerifyDpop(dpop, "POST", url, accessToken: null, out var proof);
            if (dpopError is not null)
            {
                return Refuse("par", dpopError);
            }

            jkt = proof!.Jkt;
            if (parameters.GetValueOrDefault("dpop_jkt") is { } declared && declared != jkt)
            {
                return Refuse("par", new OAuthError(400, "invalid_dpop_proof", "dpop_jkt differs from the DPoP proof's key"));
            }
        }
        else if (parameters.GetValueOrDefault("dpop_jkt") is { Length: 43 } declared)
        {
            jkt = declared;
        }
        else
        {
            return Refuse("par", new OAuthError(400, "invalid_dpop_proof", "a DPoP proof (or dpop_jkt) is required"));
        }

        if (parameters.GetValueOrDefault("response_type") != "code")
        {
            return Refuse("par", new OAuthError(400, "invalid_request", "response_type must be code"));
        }

        var redirectUri = parameters.GetValueOrDefault("redirect_uri");
        if (!SingpassSimulatorClients.IsRegisteredRedirect(client, redirectUri))
        {
            return Refuse("par", new OAuthError(400, "invalid_request", "redirect_uri is not registered for this client"));
        }

        var scopes = (parameters.GetValueOrDefault("scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            return Refuse("par", new OAuthError(400, "invalid_scope", "scope must include openid"));
        }

        if (scopes.FirstOrDefault(s => !KnownScopes.Contains(s)) is { } unknown)
        {
            return Refuse("par", new OAuthError(400, "invalid_scope", "a requested scope is not known"));
        }

        var state = parameters.GetValueOrDefault("state");
        if (state is null || state.Length > 255 || !StatePattern().IsMatch(state))
        {
            return Refuse("par", new OAuthError(400, "invalid_request", "state is missing, too long or has characters outside [A-Za-z0-9/+_-=.]"));
        }

        var nonce = parameters.GetValueOrDefault("nonce");
        if (string.IsNullOrEmpty(nonce) || nonce.Length > 255)
        {
            return Refuse("par", new OAuthError(400, "invalid_request", "nonce is missing or too long"));
        }

        var challenge = parameters.GetValueOrDefault("code_challenge");
        if (parameters.GetValueOrDefault("code_challenge_method") != "S256" || challenge is null || !ChallengePattern().IsMatch(challenge))
        {
            return Refuse("par", new OAuthError(400, "invalid_request", "a code_challenge with code_challenge_method S256 is required"));
        }

        var acr = parameters.GetValueOrDefault("acr_values");
        var requestUri = RequestUriPrefix + Base64Url.Encode(RandomNumberGenerator.GetBytes(24));
        var lifetime = Settings.RequestUriLifetime;
        ledger.AddRequest(requestUri, new PushedRequest(client.ClientId!, redirectUri!, scopes, state, nonce, challenge, jkt, acr, time.GetUtcNow() + lifetime));
        SingpassSimulatorLog.Pushed(logger, client.ClientId!);
        return (JsonSerializer.Serialize(new { request_uri = requestUri, expires_in = (int)lifetime.TotalSeconds }), null);
    }

    /// <summary>
    /// <c>GET /auth?client_id&amp;request_uri</c>: the request_uri is taken (single use) and must belong to the
    /// client. Failures are 4xx pages: until the request is known there is no redirect URI to trust.
    /// </summary>
    public (string? Sealed, PushedRequest? Request, OAuthError? Error) OpenAuthorization(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = Single(query, out var duplicate);
        if (parameters is null)
        {
            return (null, null, Logged("auth", new OAuthError(400, "invalid_request", duplicate + " appears more than once")));
        }

        var requestUri = parameters.GetValueOrDefault("request_uri");
        var clientId = parameters.GetValueOrDefault("client_id");
        var request = requestUri is { Length: <= 256 } ? ledger.TakeRequest(requestUri) : null;
        if (request is null)
        {
            return (null, null, Logged("auth", new OAuthError(400, "invalid_request_uri", "The request_uri is unknown, has expired or has been used already.")));
        }

        if (!string.Equals(request.ClientId, clientId, StringComparison.Ordinal))
        {
            return (null, null, Logged("auth", new OAuthError(400, "invalid_request", "The client_id does not match the pushed request.")));
        }

        return (Seal(new PendingAuthorization(request, null)), request, null);
    }

    public string Seal(PendingAuthorization pending) =>
        Sealer.Protect(JsonSerializer.Serialize(pending), TimeSpan.FromMinutes(10));

    public PendingAuthorization? Unseal(string? sealedValue)
    {
        if (string.IsNullOrEmpty(sealedValue) || sealedValue.Length > 16_384)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PendingAuthorization>(Sealer.Unprotect(sealedValue));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The consent decision: a 303 target with a code (allow) or <c>error=access_denied</c> (deny), plus <c>iss</c>.</summary>
    public string? Decide(PendingAuthorization pending, string? decision, string issuer)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var request = pending.Request;
        var persona = MyInfoPersonas.Find(pending.PersonaId);
        if (persona is null || decision is not (Allow or Deny))
        {
            return null;
        }

        SingpassSimulatorLog.Decided(logger, Nric.Mask(persona.Id), decision == Allow ? "allowed" : "denied", request.ClientId);
        if (decision == Deny)
        {
            return QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?>
            {
                ["error"] = "access_denied",
                ["error_description"] = "The user did not consent",
                ["state"] = request.State,
                ["iss"] = issuer,
            });
        }

        var code = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        ledger.AddCode(Hashing.Sha256Hex(code), new CodeGrant(
            request.ClientId, request.RedirectUri, request.CodeChallenge, request.DpopJkt, persona.Id,
            request.Scopes, request.Nonce, request.AcrValues, time.GetUtcNow() + Settings.CodeLifetime));
        return QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = request.State,
            ["iss"] = issuer,
        });
    }

    /// <summary>The token endpoint: a fresh client assertion, a DPoP proof by the PAR's key, the code once, PKCE.</summary>
    public async Task<(string? Json, OAuthError? Error)> TokenAsync(
        IFormCollection form, string? dpop, Uri url, string issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var parameters = Single(form, out var duplicate);
        if (parameters is null)
        {
            return Refuse("token", new OAuthError(400, "invalid_request", duplicate + " appears more than once"));
        }

        var (client, clientError) = await proofs.AuthenticateClientAsync(parameters, issuer, cancellationToken);
        if (client is null)
        {
            return Refuse("token", clientError!);
        }

        var dpopError = proofs.VerifyDpop(dpop, "POST", url, accessToken: null, out var proof);
        if (dpopError is not null)
        {
            return Refuse("token", dpopError);
        }

        if (parameters.GetValueOrDefault("grant_type") != "authorization_code")
        {
            return Refuse("token", new OAuthError(400, "unsupported_grant_type", "only authorization_code is supported"));
        }

        var code = parameters.GetValueOrDefault("code");
        var grant = code is { Length: <= 512 } ? ledger.TakeCode(Hashing.Sha256Hex(code)) : null;
        if (grant is null)
        {
            return Refuse("token", new OAuthError(400, "invalid_grant", "the code is unknown or has been used already"));
        }

        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            return Refuse("token", new OAuthError(400, "invalid_grant", "the code has expired"));
        }

        if (grant.ClientId != client.ClientId)
        {
            return Refuse("token", new OAuthError(400, "invalid_grant", "the code was issued to another client"));
        }

        if (parameters.GetValueOrDefault("redirect_uri") != grant.RedirectUri)
        {
            return Refuse("token", new OAuthError(400, "invalid_grant", "redirect_uri differs from the authorization request's"));
        }

        var verifier = parameters.GetValueOrDefault("code_verifier");
        if (verifier is null || !VerifierPattern().IsMatch(verifier) || Pkce.Challenge(verifier) != grant.CodeChallenge)
        {
            return Refuse("token", new OAuthError(400, "invalid_grant", "the code_verifier does not match the code_challenge"));
        }

        if (proof!.Jkt != grant.DpopJkt)
        {
            return Refuse("token", new OAuthError(400, "invalid_dpop_proof", "the DPoP key differs from the one the authorization request was bound to"));
        }

        var encryptionKey = await clients.FindKeyAsync(client, "enc", null, cancellationToken);
        if (encryptionKey is null)
        {
            return Refuse("token", new OAuthError(400, "invalid_client", "the client has no encryption key to receive an ID token"));
        }

        var persona = MyInfoPersonas.Find(grant.PersonaId)!;
        var now = time.GetUtcNow();
        var subject = SubjectOf(persona.Id);
        var signing = keys.Current;
        var accessToken = SingpassJose.SignEs256(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["sub"] = subject,
            ["aud"] = issuer,
            ["client_id"] = client.ClientId!,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["cnf"] = new Dictionary<string, string> { ["jkt"] = grant.DpopJkt },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Settings.AccessTokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Base64Url.Encode(RandomNumberGenerator.GetBytes(16)),
        }, signing, new Dictionary<string, object> { ["typ"] = "at+jwt", ["kid"] = signing.Kid! });

        var subAttributes = new Dictionary<string, object> { ["account_type"] = "standard" };
        if (grant.Scopes.Contains("uinfin"))
        {
            subAttributes["identity_number"] = persona.Id;
            subAttributes["identity_coi"] = "SG";
        }

        var idClaims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = client.ClientId!,
            ["sub"] = subject,
            ["sub_type"] = "user",
            ["sub_attributes"] = subAttributes,
            ["nonce"] = grant.Nonce,
            ["acr"] = grant.AcrValues?.Split(' ')[0] ?? "urn:singpass:authentication:loa:2",
            ["amr"] = new[] { "pwd", "otp-sms" },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Settings.IdTokenLifetime).ToUnixTimeSeconds(),
        };
        var idJws = SingpassJose.SignEs256(idClaims, signing, new Dictionary<string, object> { ["typ"] = "JWT", ["kid"] = signing.Kid! });
        var idToken = SingpassJose.Encrypt(Encoding.UTF8.GetBytes(idJws), encryptionKey, "A256CBC-HS512", EncryptionHeader(encryptionKey));

        SingpassSimulatorLog.TokensIssued(logger, client.ClientId!, Nric.Mask(persona.Id));
        return (JsonSerializer.Serialize(new
        {
            access_token = accessToken,
            token_type = "DPoP",
            expires_in = (int)Settings.AccessTokenLifetime.TotalSeconds,
            scope = string.Join(' ', grant.Scopes),
            id_token = idToken,
        }), null);
    }

    /// <summary>Userinfo: a DPoP-bound access token, a proof by the bound key with <c>ath</c>; the answer a JWE around a JWS.</summary>
    public async Task<(string? Jwt, OAuthError? Error)> UserinfoAsync(
        string? authorization, string? dpop, Uri url, string issuer, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("DPoP ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 8192)
        {
            return Refuse("userinfo", new OAuthError(401, "invalid_token", "a DPoP-bound access token is required (Authorization: DPoP ...)"));
        }

        var accessToken = authorization[5..].Trim();
        JsonElement claims;
        try
        {
            var payload = await SingpassJose.VerifyAsync(accessToken, new HashSet<string>(StringComparer.Ordinal) { "ES256" }, kid => Task.FromResult(FindOwnKey(kid)));
            using var document = JsonDocument.Parse(payload);
            claims = document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            return Refuse("userinfo", new OAuthError(401, "invalid_token", "the access token is not one this server issued"));
        }

        if (SingpassProofVerifier.Number(claims, "exp") is not long exp || exp <= time.GetUtcNow().ToUnixTimeSeconds() ||
            SingpassProofVerifier.Text(claims, "iss") != issuer)
        {
            return Refuse("userinfo", new OAuthError(401, "invalid_token", "the access token has expired"));
        }

        var dpopError = proofs.VerifyDpop(dpop, "GET", url, accessToken, out var proof);
        if (dpopError is not null)
        {
            return Refuse("userinfo", dpopError);
        }

        var boundJkt = claims.TryGetProperty("cnf", out var cnf) && cnf.ValueKind == JsonValueKind.Object ? SingpassProofVerifier.Text(cnf, "jkt") : null;
        if (boundJkt is null || boundJkt != proof!.Jkt)
        {
            return Refuse("userinfo", new OAuthError(401, "invalid_dpop_proof", "the DPoP proof is not made by the key the access token is bound to"));
        }

        var clientId = SingpassProofVerifier.Text(claims, "client_id");
        var client = clients.Find(clientId);
        var persona = MyInfoPersonas.All.FirstOrDefault(p => SubjectOf(p.Id) == SingpassProofVerifier.Text(claims, "sub"));
        if (client is null || persona is null)
        {
            return Refuse("userinfo", new OAuthError(401, "invalid_token", "the access token names an unknown client or person"));
        }

        var encryptionKey = await clients.FindKeyAsync(client, "enc", null, cancellationToken);
        if (encryptionKey is null)
        {
            return Refuse("userinfo", new OAuthError(400, "invalid_request", "the client has no encryption key"));
        }

        var scopes = (SingpassProofVerifier.Text(claims, "scope") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != "openid").ToList();
        var personInfo = persona.Select(scopes);
        var body = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = SubjectOf(persona.Id),
            ["aud"] = clientId,
            ["iat"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["person_info"] = personInfo,
        };
        var signing = keys.Current;
        using var ecdsa = signing.ToECDsa();
        var jws = Jose.JWT.EncodeBytes(Encoding.UTF8.GetBytes(body.ToJsonString(PayloadJson)), ecdsa, Jose.JwsAlgorithm.ES256,
            new Dictionary<string, object> { ["typ"] = "JWT", ["kid"] = signing.Kid! });
        var header = EncryptionHeader(encryptionKey);
        header["iss"] = issuer;
        header["aud"] = clientId!;
        var jwe = SingpassJose.Encrypt(Encoding.UTF8.GetBytes(jws), encryptionKey, "A256GCM", header);
        SingpassSimulatorLog.UserinfoServed(logger, scopes.Count, clientId!);
        return (jwe, null);
    }

    /// <summary>cty JWT, and the recipient key's kid when it has one (clients pick their decryption key by it).</summary>
    private static Dictionary<string, object> EncryptionHeader(EcJwk recipient)
    {
        var header = new Dictionary<string, object> { ["cty"] = "JWT" };
        if (recipient.Kid is not null)
        {
            header["kid"] = recipient.Kid;
        }

        return header;
    }

    /// <summary>The persona's pairwise-looking subject: a stable UUID, never the NRIC.</summary>
    public static string SubjectOf(string personaId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("myinfoportal-singpass-simulator:" + personaId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(hash.AsSpan(0, 16)).Insert(20, "-").Insert(16, "-").Insert(12, "-").Insert(8, "-");
    }

    private EcJwk FindOwnKey(string? kid)
    {
        var published = JsonDocument.Parse(keys.PublicJwksJson()).RootElement.GetProperty("keys").EnumerateArray().Select(EcJwk.Parse);
        return published.FirstOrDefault(k => k.Kid == kid) ?? throw new JoseException("unknown kid");
    }

    private (string?, OAuthError?) Refuse(string endpoint, OAuthError error) => (null, Logged(endpoint, error));

    private OAuthError Logged(string endpoint, OAuthError error)
    {
        SingpassSimulatorLog.Refused(logger, endpoint, error.Error, error.Description);
        return error;
    }

    /// <summary>Each parameter once (OAuth forbids repeats); null and the name when one is repeated.</summary>
    private static Dictionary<string, string>? Single(IEnumerable<KeyValuePair<string, StringValues>> values, out string? duplicate)
    {
        duplicate = null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value.Count > 1)
            {
                duplicate = name.Length <= 40 ? name : "a parameter";
                return null;
            }

            result[name] = value.ToString();
        }

        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9/+_\\-=.]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex StatePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChallengePattern();

    [GeneratedRegex("^[A-Za-z0-9._~-]{43,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex VerifierPattern();
}
