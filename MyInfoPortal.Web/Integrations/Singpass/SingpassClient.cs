using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>What one sign-in carries from its start to its end, kept server-side (protected) between requests.</summary>
public sealed record SingpassFlowSecrets(string CodeVerifier, EcJwk DpopKey);

/// <summary>The verified ID token's claims that the portal uses.</summary>
public sealed record SingpassIdToken(string Subject, string? Acr, IReadOnlyList<string> Amr);

/// <summary>A token response whose ID token passed every check.</summary>
public sealed record SingpassTokens(string AccessToken, SingpassIdToken IdToken);

/// <summary>
/// Singpass FAPI 2.0 as a relying party: PAR with PKCE S256, private_key_jwt client assertions, DPoP on
/// every call with one ephemeral key per sign-in, the encrypted and signed ID token, and the encrypted
/// and signed userinfo holding Myinfo's <c>person_info</c>. Every failure is a <see cref="MyInfoException"/>.
/// </summary>
public sealed class SingpassClient(
    SingpassHttp http,
    SingpassDiscovery discovery,
    SingpassKeys keys,
    IOptions<SingpassOptions> options,
    TimeProvider time,
    ILogger<SingpassClient> logger)
{
    private static readonly IReadOnlySet<string> IdTokenEncryption = new HashSet<string>(StringComparer.Ordinal) { "A256CBC-HS512", "A256GCM" };
    private static readonly IReadOnlySet<string> UserinfoEncryption = new HashSet<string>(StringComparer.Ordinal) { "A256GCM", "A256CBC-HS512" };

    private SingpassOptions Options => options.Value;

    /// <summary>Fresh secrets for one sign-in: a PKCE verifier and an ephemeral P-256 DPoP key.</summary>
    public static SingpassFlowSecrets NewFlowSecrets() =>
        new(Pkce.NewVerifier(), EcJwk.Generate("P-256", kid: null, use: null, alg: null));

    /// <summary>Pushes the authorization request and returns where to send the browser.</summary>
    public async Task<string> PushAuthorizationRequestAsync(string state, string nonce, SingpassFlowSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var o = Options;
        var endpoints = await discovery.GetEndpointsAsync(cancellationToken);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["response_type"] = "code",
            ["client_id"] = o.ClientId!,
            ["redirect_uri"] = o.RedirectUri!,
            ["scope"] = string.Join(' ', o.ScopeList),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Pkce.Challenge(secrets.CodeVerifier),
            ["code_challenge_method"] = "S256",
            ["client_assertion_type"] = ProofBuilder.ClientAssertionType,
        };
        if (!string.IsNullOrWhiteSpace(o.AcrValues))
        {
            form["acr_values"] = o.AcrValues;
        }

        const string call = "par";
        var response = await PostWithClientAuthAsync(endpoints, endpoints.PushedAuthorizationRequest, form, secrets.DpopKey, call, cancellationToken);
        if (response.Status is not (201 or 200))
        {
            SingpassLog.CallRefused(logger, call, response.Status, ErrorCode(response.Body));
            throw response.Status is >= 400 and < 500
                ? new MyInfoException(MyInfoFailure.AuthorizationRefused, "PAR answered a client error")
                : new MyInfoException(MyInfoFailure.UpstreamUnavailable, "PAR answered an unexpected status");
        }

        var requestUri = JsonString(response.Body, "request_uri");
        if (string.IsNullOrEmpty(requestUri) || requestUri.Length > 2048)
        {
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, "PAR answer has no request_uri");
        }

        SingpassLog.Pushed(logger);
        return endpoints.Authorization.GetLeftPart(UriPartial.Path)
            + "?client_id=" + Uri.EscapeDataString(o.ClientId!)
            + "&request_uri=" + Uri.EscapeDataString(requestUri);
    }

    /// <summary>
    /// Trades the code for tokens and verifies the ID token (nonce compared by hash with the stored one).
    /// The call is sent once; only a server's explicit request for a DPoP nonce makes a second one.
    /// </summary>
    public async Task<SingpassTokens> ExchangeCodeAsync(string code, SingpassFlowSecrets secrets, string expectedNonceHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(secrets);
        var o = Options;
        var endpoints = await discovery.GetEndpointsAsync(cancellationToken);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = o.RedirectUri!,
            ["code_verifier"] = secrets.CodeVerifier,
            ["client_id"] = o.ClientId!,
            ["client_assertion_type"] = ProofBuilder.ClientAssertionType,
        };

        const string call = "token";
        var response = await PostWithClientAuthAsync(endpoints, endpoints.Token, form, secrets.DpopKey, call, cancellationToken);
        if (response.Status != 200)
        {
            SingpassLog.CallRefused(logger, call, response.Status, ErrorCode(response.Body));
            throw response.Status is >= 400 and < 500
                ? new MyInfoException(MyInfoFailure.TokenExchangeFailed, "token call answered a client error")
                : new MyInfoException(MyInfoFailure.UpstreamUnavailable, "token call answered an unexpected status");
        }

        var accessToken = JsonString(response.Body, "access_token");
        var idToken = JsonString(response.Body, "id_token");
        var tokenType = JsonString(response.Body, "token_type");
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(idToken) || !string.Equals(tokenType, "DPoP", StringComparison.OrdinalIgnoreCase))
        {
            SingpassLog.TokenRejected(logger, "the token response lacks a DPoP access token or an ID token");
            throw new MyInfoException(MyInfoFailure.TokenRejected, "token response is incomplete");
        }

        var claims = await DecodeIdTokenAsync(idToken, cancellationToken);
        var verified = CheckIdToken(claims, expectedNonceHash);
        SingpassLog.TokenExchanged(logger, verified.Acr ?? "none");
        return new SingpassTokens(accessToken, verified);
    }

    /// <summary>Fetches, decrypts and verifies userinfo and returns its <c>person_info</c>.</summary>
    public async Task<PersonProfile> GetUserinfoAsync(SingpassTokens tokens, SingpassFlowSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(secrets);
        var endpoints = await discovery.GetEndpointsAsync(cancellationToken);
        const string call = "userinfo";
        string? dpopNonce = null;
        SingpassResponse response;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.Userinfo);
            request.Headers.TryAddWithoutValidation("Authorization", "DPoP " + tokens.AccessToken);
            request.Headers.TryAddWithoutValidation("DPoP",
                ProofBuilder.DpopProof(secrets.DpopKey, "GET", endpoints.Userinfo, time.GetUtcNow(), tokens.AccessToken, dpopNonce));
            request.Headers.Accept.ParseAdd("application/jwt");
            response = await http.SendAsync(request, call, cancellationToken);
            if (attempt == 1 && response.Status == 401 && response.DpopNonce is { Length: > 0 and <= 512 } nonce &&
                response.WwwAuthenticate?.Contains("use_dpop_nonce", StringComparison.Ordinal) == true)
            {
                SingpassLog.DpopNonceRequested(logger, call);
                dpopNonce = nonce;
                continue;
            }

            break;
        }

        if (response.Status != 200)
        {
            SingpassLog.CallRefused(logger, call, response.Status, WwwAuthenticateError(response.WwwAuthenticate) ?? ErrorCode(response.Body));
            throw response.Status switch
            {
                404 => new MyInfoException(MyInfoFailure.PersonNotFound, "userinfo answered 404"),
                >= 400 and < 500 => new MyInfoException(MyInfoFailure.PersonRequestFailed, "userinfo answered a client error"),
                _ => new MyInfoException(MyInfoFailure.UpstreamUnavailable, "userinfo answered an unexpected status"),
            };
        }

        try
        {
            if (!string.Equals(response.ContentType, "application/jwt", StringComparison.OrdinalIgnoreCase))
            {
                throw new JoseException("userinfo is not application/jwt");
            }

            var jws = Encoding.UTF8.GetString(SingpassJose.Decrypt(response.Body.Trim(), keys.DecryptionKeys(KidOf(response.Body.Trim(), 5)), UserinfoEncryption));
            var payload = await SingpassJose.VerifyAsync(jws, SingpassJose.IssuerSignatureAlgorithms, kid => discovery.GetSigningKeyAsync(kid, cancellationToken));
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = PersonProfile.MaxDepth });
            var root = document.RootElement;
            if (Text(root, "iss") != Options.EffectiveIssuer)
            {
                throw new JoseException("userinfo iss is not the issuer");
            }

            if (root.TryGetProperty("aud", out _) && !AudienceContains(root, Options.ClientId!))
            {
                throw new JoseException("userinfo aud does not name this client");
            }

            if (!string.Equals(Text(root, "sub"), tokens.IdToken.Subject, StringComparison.Ordinal))
            {
                throw new JoseException("userinfo sub differs from the ID token's");
            }

            if (!root.TryGetProperty("person_info", out var personInfo) || personInfo.ValueKind != JsonValueKind.Object)
            {
                throw new JoseException("userinfo has no person_info");
            }

            var profile = PersonProfile.Parse(personInfo.GetRawText());
            SingpassLog.UserinfoRetrieved(logger, Nric.Mask(profile.Uinfin ?? string.Empty), profile.AttributeNames.Count());
            return profile;
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            SingpassLog.UserinfoRejected(logger, ex.Message);
            throw new MyInfoException(MyInfoFailure.PersonRejected, "userinfo did not pass verification", ex);
        }
    }

    private async Task<JsonElement> DecodeIdTokenAsync(string idToken, CancellationToken cancellationToken)
    {
        try
        {
            var jws = Encoding.UTF8.GetString(SingpassJose.Decrypt(idToken, keys.DecryptionKeys(KidOf(idToken, 5)), IdTokenEncryption));
            var payload = await SingpassJose.VerifyAsync(jws, SingpassJose.IssuerSignatureAlgorithms, kid => discovery.GetSigningKeyAsync(kid, cancellationToken));
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JoseException("ID token claims are not an object");
            }

            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JoseException or JsonException)
        {
            SingpassLog.TokenRejected(logger, ex.Message);
            throw new MyInfoException(MyInfoFailure.TokenRejected, "ID token did not pass verification", ex);
        }
    }

    private SingpassIdToken CheckIdToken(JsonElement claims, string expectedNonceHash)
    {
        var o = Options;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var skew = (long)o.ClockSkew.TotalSeconds;
        string? problem = null;
        if (Text(claims, "iss") != o.EffectiveIssuer)
        {
            problem = "iss is not the issuer";
        }
        else if (!AudienceContains(claims, o.ClientId!))
        {
            problem = "aud does not name this client";
        }
        else if (Number(claims, "exp") is not long exp || exp <= now - skew)
        {
            problem = "exp is missing or past";
        }
        else if (Number(claims, "iat") is not long iat || iat > now + skew)
        {
            problem = "iat is missing or in the future";
        }
        else if (Text(claims, "nonce") is not { } nonce || !string.Equals(Hashing.Sha256Hex(nonce), expectedNonceHash, StringComparison.Ordinal))
        {
            problem = "nonce does not match this sign-in";
        }
        else if (string.IsNullOrEmpty(Text(claims, "sub")))
        {
            problem = "sub is missing";
        }

        if (problem is not null)
        {
            SingpassLog.TokenRejected(logger, "ID token " + problem);
            throw new MyInfoException(MyInfoFailure.TokenRejected, "ID token " + problem);
        }

        var amr = claims.TryGetProperty("amr", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        return new SingpassIdToken(Text(claims, "sub")!, Text(claims, "acr"), amr);
    }

    /// <summary>
    /// A form POST authenticated with a fresh client assertion and carrying a fresh DPoP proof. When the
    /// server answers <c>use_dpop_nonce</c> the request is made once more with the nonce (RFC 9449 section 8):
    /// the server refused the first one before looking at the grant, so nothing is used twice.
    /// </summary>
    private async Task<SingpassResponse> PostWithClientAuthAsync(
        SingpassEndpoints endpoints, Uri url, Dictionary<string, string> form, EcJwk dpopKey, string call, CancellationToken cancellationToken)
    {
        var o = Options;
        string? dpopNonce = null;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var body = new Dictionary<string, string>(form, StringComparer.Ordinal)
            {
                ["client_assertion"] = ProofBuilder.ClientAssertion(o.ClientId!, endpoints.Issuer, keys.SigningKey, now),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(body) };
            request.Headers.TryAddWithoutValidation("DPoP", ProofBuilder.DpopProof(dpopKey, "POST", url, now, nonce: dpopNonce));
            var response = await http.SendAsync(request, call, cancellationToken);
            if (attempt == 1 && response.Status == 400 && response.DpopNonce is { Length: > 0 and <= 512 } nonce &&
                ErrorCode(response.Body) == "use_dpop_nonce")
            {
                SingpassLog.DpopNonceRequested(logger, call);
                dpopNonce = nonce;
                continue;
            }

            return response;
        }
    }

    private static string? KidOf(string compact, int segments)
    {
        try
        {
            return SingpassJose.HeaderString(SingpassJose.ReadHeader(compact, segments), "kid");
        }
        catch (JoseException)
        {
            return null;
        }
    }

    private static bool AudienceContains(JsonElement claims, string clientId) =>
        claims.TryGetProperty("aud", out var aud) && aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == clientId,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == clientId),
            _ => false,
        };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    /// <summary>The <c>error</c> member of a JSON error answer, only when it is a plain OAuth error code (safe to log).</summary>
    private static string? ErrorCode(string body)
    {
        var code = JsonString(body, "error");
        return code is { Length: <= 64 } && code.All(c => char.IsAsciiLetterLower(c) || c == '_') ? code : null;
    }

    private static string? WwwAuthenticateError(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var start = header.IndexOf("error=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += 7;
        var end = header.IndexOf('"', start);
        var code = end > start ? header[start..end] : null;
        return code is { Length: <= 64 } && code.All(c => char.IsAsciiLetterLower(c) || c == '_') ? code : null;
    }

    private static string? JsonString(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? Text(document.RootElement, name) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
