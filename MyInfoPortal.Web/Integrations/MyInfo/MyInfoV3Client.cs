using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.Http;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// Myinfo v3 over a typed HttpClient. Token and person calls carry PKI_SIGN signatures built from
/// the same dictionary as the form body or query string, so what is signed is what is sent
/// (Sandbox: no signature, plain JSON); <see cref="MyInfoRequestSigner"/> signs each attempt. Timeouts
/// and the person call's one retry come from the HttpClient's resilience pipeline (see
/// <see cref="MyInfoExtensions"/>): the token call is never retried.
/// </summary>
public sealed class MyInfoV3Client(
    HttpClient http,
    IOptions<MyInfoOptions> options,
    MyInfoKeys keys,
    AccessTokenValidator validator,
    ILogger<MyInfoV3Client> logger) : IMyInfoClient
{
    /// <summary>The named HttpClient behind this typed client (tests route its primary handler).</summary>
    public const string HttpClientName = "MyInfo";

    public const int MaxTokenResponseBytes = 64 * 1024;

    /// <summary>A JWE at the codec's limit, plus room for JSON quoting.</summary>
    public const int MaxPersonResponseBytes = JweCodec.MaxCompactLength + 1024;

    private MyInfoOptions Options => options.Value;

    public string BuildAuthoriseUrl(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        var o = Options;
        var query = new List<KeyValuePair<string, string>>
        {
            new("client_id", o.ClientId!),
            new("attributes", string.Join(',', o.AttributeList)),
            new("purpose", o.Purpose),
            new("state", state),
            new("redirect_uri", o.RedirectUri!),
        };
        if (!string.IsNullOrWhiteSpace(o.SpEsvcId))
        {
            query.Add(new("sp_esvcId", o.SpEsvcId));
        }

        return Endpoint(o.AuthoriseUrl!) + "?" + EncodeQuery(query);
    }

    public async Task<MyInfoAccessToken> ExchangeCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var o = Options;
        var url = Endpoint(o.TokenUrl!);

        // One dictionary: the form body and the signature's parameters are both made from it.
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = o.RedirectUri!,
            ["client_id"] = o.ClientId!,
        };
        if (!string.IsNullOrEmpty(o.ClientSecret))
        {
            form["client_secret"] = o.ClientSecret;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(MyInfoRequestSigner.SignedParameters, form);
        request.Options.Set(ResponseBufferingHandler.Limit, MaxTokenResponseBytes);

        const string call = "token";
        using var response = await SendAsync(request, call, cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            MyInfoLog.TokenCallFailed(logger, status);
            throw status is >= 400 and < 500
                ? new MyInfoException(MyInfoFailure.TokenExchangeFailed, "token call answered a client error")
                : new MyInfoException(MyInfoFailure.UpstreamUnavailable, "token call answered an unexpected status");
        }

        var body = await ReadBodyAsync(response, MaxTokenResponseBytes, call, MyInfoFailure.TokenRejected, cancellationToken);
        string? accessToken;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            accessToken = document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            accessToken = null;
        }

        try
        {
            var token = validator.Validate(accessToken);
            MyInfoLog.TokenExchanged(logger, token.ExpiresAt);
            return token;
        }
        catch (MyInfoException ex)
        {
            MyInfoLog.TokenRejected(logger, ex.Message);
            throw;
        }
    }

    public async Task<PersonProfile> GetPersonAsync(MyInfoAccessToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var o = Options;
        var url = Endpoint(o.PersonUrl!.TrimEnd('/') + "/" + Uri.EscapeDataString(token.Subject) + "/");

        // One dictionary: the query string and the signature's parameters are both made from it.
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["client_id"] = o.ClientId!,
            ["attributes"] = string.Join(',', o.AttributeList),
            ["txnNo"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
        };
        if (!string.IsNullOrWhiteSpace(o.SpEsvcId))
        {
            query["sp_esvcId"] = o.SpEsvcId;
        }

        const string call = "person";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url + "?" + EncodeQuery(query)));
        request.Options.Set(MyInfoRequestSigner.SignedParameters, query);
        request.Options.Set(MyInfoRequestSigner.BearerToken, token.Value);
        request.Options.Set(ResponseBufferingHandler.Limit, MaxPersonResponseBytes);

        using var response = await SendAsync(request, call, cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            MyInfoLog.PersonCallFailed(logger, status);
            throw status switch
            {
                404 => new MyInfoException(MyInfoFailure.PersonNotFound, "person call answered 404"),
                >= 400 and < 500 => new MyInfoException(MyInfoFailure.PersonRequestFailed, "person call answered a client error"),
                _ => new MyInfoException(MyInfoFailure.UpstreamUnavailable, "person call answered an unexpected status"),
            };
        }

        var body = await ReadBodyAsync(response, MaxPersonResponseBytes, call, MyInfoFailure.PersonRejected, cancellationToken);
        try
        {
            var profile = o.Mode.IsSigned()
                ? PersonResponseDecoder.DecodeEncrypted(body, keys.ClientPrivateKey, keys.MyInfoPublicKey, token.Subject)
                : PersonResponseDecoder.DecodePlain(body, token.Subject);
            MyInfoLog.PersonRetrieved(logger, Nric.Mask(profile.Uinfin ?? token.Subject), profile.AttributeNames.Count());
            return profile;
        }
        catch (MyInfoException ex)
        {
            MyInfoLog.PersonRejected(logger, ex.Message);
            throw;
        }
    }

    /// <summary>scheme://host[:port]/path as the request will carry it, which is also what is signed.</summary>
    private static string Endpoint(string configured) => new Uri(configured, UriKind.Absolute).GetLeftPart(UriPartial.Path);

    private static string EncodeQuery(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        try
        {
            // The pipeline buffers the body within its timeout (ResponseBufferingHandler), so nothing here
            // waits on the network after this returns.
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (OutboundResilience.IsTimeout(ex) && !cancellationToken.IsCancellationRequested)
        {
            MyInfoLog.TimedOut(logger, call, Options.RequestTimeout);
            throw new MyInfoException(MyInfoFailure.UpstreamTimeout, call + " call timed out", ex);
        }
        catch (HttpRequestException ex)
        {
            MyInfoLog.Unreachable(logger, call, ex.HttpRequestError.ToString());
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " call could not reach the server", ex);
        }
        catch (IOException ex)
        {
            MyInfoLog.Unreachable(logger, call, nameof(IOException));
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response was cut off", ex);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, int limit, string call, MyInfoFailure failure, CancellationToken cancellationToken)
    {
        // An answer declared larger than the limit arrives unread; anything else is already in memory,
        // at most one byte past the limit.
        if (response.Content.Headers.ContentLength is long declared && declared > limit)
        {
            MyInfoLog.ResponseTooLarge(logger, call, limit);
            throw new MyInfoException(failure, call + " response is larger than the limit");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length > limit)
        {
            MyInfoLog.ResponseTooLarge(logger, call, limit);
            throw new MyInfoException(failure, call + " response is larger than the limit");
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
