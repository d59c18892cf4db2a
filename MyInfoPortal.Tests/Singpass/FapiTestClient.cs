using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// A small FAPI 2.0 relying party for tests, speaking to the embedded simulator through the test server
/// as one of its registered clients. Its defaults are a correct client built from the portal's own
/// <see cref="ProofBuilder"/> (PKCE S256, private_key_jwt, one DPoP key); each step takes the pieces a
/// test wants to get wrong. A test changes one thing at a time, so a refusal has one cause.
/// </summary>
public sealed class FapiTestClient : IDisposable
{
    public const string DefaultScope = "openid uinfin name sex dob nationality regadd";

    private readonly SingpassFactory _factory;
    private readonly HttpClient _http;

    public FapiTestClient(SingpassFactory factory, TestRelyingParty party)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        Party = party;
        _http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public TestRelyingParty Party { get; }

    public string ClientId => Party.ClientId;

    public string RedirectUri => Party.RedirectUris[0];

    /// <summary>This sign-in's ephemeral DPoP key, for PAR, token and userinfo alike.</summary>
    public EcJwk DpopKey { get; } = EcJwk.Generate("P-256", kid: null, use: null, alg: null);

    public string Verifier { get; } = Pkce.NewVerifier();

    public string State { get; } = Web.Common.Hashing.NewSecret();

    public string Nonce { get; } = Web.Common.Hashing.NewSecret();

    public DateTimeOffset Now => _factory.Clock.GetUtcNow();

    public static Uri Endpoint(string name) => new(SingpassFactory.Issuer + "/" + name);

    // ---- proofs ----

    /// <summary>A correct client assertion for this client (the portal's builder).</summary>
    public string Assertion() => ProofBuilder.ClientAssertion(ClientId, SingpassFactory.Issuer, Party.SigningKey, Now);

    /// <summary>A client assertion whose claims (and key) the test shapes; starts from the correct claims.</summary>
    public string Assertion(Action<JsonObject> claims, EcJwk? key = null, string? kid = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var iat = Now.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = ClientId,
            ["sub"] = ClientId,
            ["aud"] = SingpassFactory.Issuer,
            ["iat"] = iat,
            ["exp"] = iat + 60,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        claims(payload);
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid ?? Party.SigningKey.Kid };
        return TestJws.Es256(header, payload, key ?? Party.SigningKey);
    }

    /// <summary>A correct DPoP proof for <paramref name="method"/> on the named endpoint (the portal's builder).</summary>
    public string Proof(string method, string endpoint, string? accessToken = null, EcJwk? key = null, DateTimeOffset? at = null) =>
        ProofBuilder.DpopProof(key ?? DpopKey, method, Endpoint(endpoint), at ?? Now, accessToken);

    /// <summary>A DPoP proof whose header and claims the test shapes; starts from a correct proof's.</summary>
    public string Proof(string method, string endpoint, Action<JsonObject, JsonObject> shape, string? accessToken = null, EcJwk? key = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        key ??= DpopKey;
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "dpop+jwt", ["jwk"] = TestJws.PublicJwk(key) };
        var payload = new JsonObject
        {
            ["htm"] = method,
            ["htu"] = Endpoint(endpoint).ToString(),
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (accessToken is not null)
        {
            payload["ath"] = ProofBuilder.AccessTokenHash(accessToken);
        }

        shape(header, payload);
        return TestJws.Es256(header, payload, key);
    }

    // ---- PAR ----

    public Dictionary<string, string> ParForm(string? assertion = null, string scope = DefaultScope) => new(StringComparer.Ordinal)
    {
        ["response_type"] = "code",
        ["client_id"] = ClientId,
        ["redirect_uri"] = RedirectUri,
        ["scope"] = scope,
        ["state"] = State,
        ["nonce"] = Nonce,
        ["code_challenge"] = Pkce.Challenge(Verifier),
        ["code_challenge_method"] = "S256",
        ["client_assertion_type"] = ProofBuilder.ClientAssertionType,
        ["client_assertion"] = assertion ?? Assertion(),
    };

    /// <summary>POST to the named endpoint, form-encoded, with the DPoP header when one is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(string endpoint, IDictionary<string, string> form, string? dpop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(endpoint)) { Content = new FormUrlEncodedContent(form) };
        if (dpop is not null)
        {
            request.Headers.TryAddWithoutValidation("DPoP", dpop);
        }

        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PushAsync(IDictionary<string, string> form, string? dpop) => PostAsync("par", form, dpop);

    /// <summary>A correct PAR; returns its request_uri.</summary>
    public async Task<string> PushAsync()
    {
        using var response = await PushAsync(ParForm(), Proof("POST", "par"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, "PAR failed: " + body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(60, json.RootElement.GetProperty("expires_in").GetInt32());
        return json.RootElement.GetProperty("request_uri").GetString()!;
    }

    // ---- authorization (the browser's part) ----

    public Uri AuthorizationUrl(string requestUri, string? clientId = null) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(SingpassFactory.Issuer + "/auth",
            new Dictionary<string, string?> { ["client_id"] = clientId ?? ClientId, ["request_uri"] = requestUri }));

    /// <summary>A person consents in a browser; returns the code from the redirect to this client's redirect URI.</summary>
    public async Task<string> AuthorizeAsync(string requestUri, string personaId = "S7204518A")
    {
        using var browser = _factory.CreateBrowser();
        var redirect = await SingpassDriver.AuthorizeAsync(browser, AuthorizationUrl(requestUri), personaId);
        Assert.Equal(RedirectUri, redirect.GetLeftPart(UriPartial.Path));
        Assert.Equal(State, SingpassDriver.Parameter(redirect, "state"));
        Assert.Equal(SingpassFactory.Issuer, SingpassDriver.Parameter(redirect, "iss"));
        return SingpassDriver.Parameter(redirect, "code");
    }

    /// <summary>A correct PAR and a consent: a fresh code for this client.</summary>
    public async Task<string> CodeAsync(string personaId = "S7204518A") => await AuthorizeAsync(await PushAsync(), personaId);

    // ---- token ----

    public Dictionary<string, string> TokenForm(string code, string? verifier = null, string? redirectUri = null, string? assertion = null) => new(StringComparer.Ordinal)
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = redirectUri ?? RedirectUri,
        ["code_verifier"] = verifier ?? Verifier,
        ["client_id"] = ClientId,
        ["client_assertion_type"] = ProofBuilder.ClientAssertionType,
        ["client_assertion"] = assertion ?? Assertion(),
    };

    public Task<HttpResponseMessage> TokenAsync(IDictionary<string, string> form, string? dpop) => PostAsync("token", form, dpop);

    /// <summary>A correct token call for <paramref name="code"/>; returns the token response.</summary>
    public async Task<JsonElement> TokenAsync(string code)
    {
        using var response = await TokenAsync(TokenForm(code), Proof("POST", "token"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, "token call failed: " + body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    /// <summary>PAR, consent and token: a DPoP-bound access token for this client's key.</summary>
    public async Task<string> AccessTokenAsync(string personaId = "S7204518A") =>
        (await TokenAsync(await CodeAsync(personaId))).GetProperty("access_token").GetString()!;

    // ---- userinfo ----

    public async Task<HttpResponseMessage> UserinfoAsync(string accessToken, string? dpop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint("userinfo"));
        request.Headers.TryAddWithoutValidation("Authorization", "DPoP " + accessToken);
        if (dpop is not null)
        {
            request.Headers.TryAddWithoutValidation("DPoP", dpop);
        }

        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(Uri url) => _http.GetAsync(url);

    public void Dispose() => _http.Dispose();
}
