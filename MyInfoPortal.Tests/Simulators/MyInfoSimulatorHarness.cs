using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Simulators;

/// <summary>
/// The portal in Simulator mode, driven as a Myinfo client would drive the embedded simulator: pages
/// through an HttpClient that keeps cookies and does not follow redirects, token and person calls
/// signed here with the portal's generated key. Every log line the app writes is captured.
/// </summary>
public sealed class MyInfoSimulatorHarness : PortalFactory
{
    public const string BaseUrl = "http://localhost";
    public const string ClientId = "MYINFOPORTAL-SIM";
    public const string RedirectUri = "http://localhost/callback";
    public const string TokenUrl = BaseUrl + "/sim/myinfo/v3/token";
    public const string DefaultAttributes = "name,dob,birthcountry,nationality,uinfin,sex,regadd";

    private HttpClient? _browser;

    /// <summary>A browser: cookies kept, redirects not followed (the test reads Location).</summary>
    public HttpClient Browser => _browser ??= CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(BaseUrl) });

    public RSA PortalKey => KeyLoader.LoadPrivateKey(Folder.Combine("certs", "portal.key.pem"));

    public RSA SimulatorPublicKey
    {
        get
        {
            using var certificate = KeyLoader.LoadCertificate(Folder.Combine("certs", "myinfo-simulator.crt.pem"));
            return KeyLoader.PublicKeyOf(certificate);
        }
    }

    public string ClientSecret => File.ReadAllText(Folder.Combine("certs", "myinfo-simulator.client-secret")).Trim();

    public static string PersonUrl(string sub) => BaseUrl + "/sim/myinfo/v3/person/" + Uri.EscapeDataString(sub) + "/";

    public static string AuthoriseUrl(string attributes = DefaultAttributes, string state = "state-123", string clientId = ClientId, string redirectUri = RedirectUri) =>
        QueryHelpers.AddQueryString(BaseUrl + "/sim/myinfo/v3/authorise", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["attributes"] = attributes,
            ["purpose"] = "to test the simulator",
            ["state"] = state,
            ["redirect_uri"] = redirectUri,
        });

    /// <summary>Authorise → persona picker → consent; returns the callback URL the simulator redirected to.</summary>
    public async Task<Uri> ConsentAsync(string persona, string decision = "allow", string attributes = DefaultAttributes, string state = "state-123")
    {
        var picker = await Browser.GetAsync(new Uri(AuthoriseUrl(attributes, state)));
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        var consent = await HtmlForm.SubmitAsync(Browser, await HtmlForm.ReadAsync(picker), "#persona-form", new Dictionary<string, string> { ["persona"] = persona });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var redirect = await HtmlForm.SubmitAsync(Browser, await HtmlForm.ReadAsync(consent), "#consent-form", new Dictionary<string, string> { ["decision"] = decision });
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return redirect.Headers.Location!;
    }

    public async Task<string> IssueCodeAsync(string persona = "S7204518A", string attributes = DefaultAttributes)
    {
        var callback = await ConsentAsync(persona, "allow", attributes);
        var query = QueryHelpers.ParseQuery(callback.Query);
        return query["code"].Single()!;
    }

    public static List<KeyValuePair<string, string>> TokenForm(string code, string secret, string redirectUri = RedirectUri, string clientId = ClientId) =>
    [
        new("grant_type", "authorization_code"),
        new("code", code),
        new("redirect_uri", redirectUri),
        new("client_id", clientId),
        new("client_secret", secret),
        new("state", "state-123"),
    ];

    /// <summary>A token request signed as the portal signs it (fresh nonce, the factory's clock).</summary>
    public HttpRequestMessage SignedTokenRequest(IReadOnlyList<KeyValuePair<string, string>> form, RSA? key = null, string appId = ClientId, TimeProvider? clock = null)
    {
        using var portalKey = key is null ? PortalKey : null;
        var (signature, _) = new PkiSigner(clock ?? Clock).Sign("POST", TokenUrl, form, appId, key ?? portalKey!);
        var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("Authorization", signature.ToMyInfoHeader());
        return request;
    }

    public HttpRequestMessage SignedPersonRequest(string sub, string accessToken, string attributes = DefaultAttributes, string clientId = ClientId, RSA? key = null)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId),
            new("attributes", attributes),
            new("txnNo", "txn-0001"),
        };
        var url = PersonUrl(sub);
        using var portalKey = key is null ? PortalKey : null;
        var (signature, _) = new PkiSigner(Clock).Sign("GET", url, query, ClientId, key ?? portalKey!);
        var request = new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(url, query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value))));
        request.Headers.TryAddWithoutValidation("Authorization", signature.ToMyInfoHeader() + ",Bearer " + accessToken);
        return request;
    }

    public async Task<string> AccessTokenAsync(string persona = "S7204518A", string attributes = DefaultAttributes)
    {
        var code = await IssueCodeAsync(persona, attributes);
        using var request = SignedTokenRequest(TokenForm(code, ClientSecret));
        var response = await Browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Opens a person response as a client must: decrypt with the portal key, unquote, verify with the simulator certificate.</summary>
    public JsonObject OpenPersonResponse(string jwe)
    {
        using var portalKey = PortalKey;
        var plaintext = Encoding.UTF8.GetString(JweCodec.Decrypt(jwe, portalKey));
        Assert.StartsWith("\"eyJ", plaintext, StringComparison.Ordinal);
        var jws = JsonSerializer.Deserialize<string>(plaintext)!;
        using var simulatorKey = SimulatorPublicKey;
        return (JsonObject)JsonNode.Parse(JwsCodec.Verify(jws, simulatorKey))!;
    }

    public static async Task<(int Code, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("code").GetInt32(), json.RootElement.GetProperty("message").GetString()!);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _browser?.Dispose();
        }

        base.Dispose(disposing);
    }
}
