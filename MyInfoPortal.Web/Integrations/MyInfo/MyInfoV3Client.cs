using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// Myinfo v3 over a typed HttpClient. Token and person calls carry PKI_SIGN signatures built from
/// the same dictionary as the form body or query string, so what is signed is what is sent
/// (Sandbox: no signature, plain JSON). The token call is never retried; the person call is retried
/// once on a connection failure or gateway error, re-signed with a fresh nonce.
/// </summary>
public sealed class MyInfoV3Client(
    HttpClient http,
    IOptions<MyInfoOptions> options,
    MyInfoKeys keys,
    PkiSigner signer,
    AccessTokenValidator validator,
    ILogger<MyInfoV3Client> logger) : IMyInfoClient
{
    /// <summary>The named HttpClient behind this typed client (tests route its primary handler).</summary>
    public const string HttpClientName = "MyInfo";

    public const int MaxTokenResponseBytes = 64 * 1024;

    /// <summary>A JWE at the codec's limit, plus room for JSON quoting.</summary>
    public const int MaxPersonResponseBytes = JweCodec.MaxCompactLength + 1024;

    private const int PersonAttempts = 2;

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
        if (o.Mode.IsSigned())
        {
            var (signature, _) = signer.Sign("POST", url, form, o.EffectiveAppId, keys.ClientPrivateKey);
            request.Headers.TryAddWithoutValidation("Authorization", signature.ToMyInfoHeader());
        }

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

        var body = await ReadBoundedAsync(response, MaxTokenResponseBytes, call, MyInfoFailure.TokenRejected, cancellationToken);
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
        var requestUri = new Uri(url + "?" + EncodeQuery(query));
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
            if (o.Mode.IsSigned())
            {
                // Signed per attempt: every attempt has its own nonce and timestamp.
                var (signature, _) = signer.Sign("GET", url, query, o.EffectiveAppId, keys.ClientPrivateKey);
                request.Headers.TryAddWithoutValidation("Authorization", signature.ToMyInfoHeader() + ",Bearer " + token.Value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.Value);
            }

            HttpResponseMessage response;
            try
            {
                response = await SendAsync(request, call, cancellationToken);
            }
            catch (MyInfoException ex) when (ex.Failure == MyInfoFailure.UpstreamUnavailable && attempt < PersonAttempts)
            {
                MyInfoLog.RetryingPerson(logger, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 502 or 503 or 504 && attempt < PersonAttempts)
                {
                    MyInfoLog.PersonCallFailed(logger, status);
                    MyInfoLog.RetryingPerson(logger, attempt + 1);
                    await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                    continue;
                }

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

                var body = await ReadBoundedAsync(response, MaxPersonResponseBytes, call, MyInfoFailure.PersonRejected, cancellationToken);
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
        }
    }

    /// <summary>scheme://host[:port]/path as the request will carry it, which is also what is signed.</summary>
    private static string Endpoint(string configured) => new Uri(configured, UriKind.Absolute).GetLeftPart(UriPartial.Path);

    private static string EncodeQuery(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        var timeout = Options.RequestTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            // Headers only: the body is read separately, under a size limit.
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            MyInfoLog.TimedOut(logger, call, timeout);
            throw new MyInfoException(MyInfoFailure.UpstreamTimeout, call + " call timed out", ex);
        }
        catch (HttpRequestException ex)
        {
            MyInfoLog.Unreachable(logger, call, ex.HttpRequestError.ToString());
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " call could not reach the server", ex);
        }
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, int limit, string call, MyInfoFailure failure, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is long declared && declared > limit)
        {
            MyInfoLog.ResponseTooLarge(logger, call, limit);
            throw new MyInfoException(failure, call + " response is larger than the limit");
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(Options.RequestTimeout);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeoutSource.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    MyInfoLog.ResponseTooLarge(logger, call, limit);
                    throw new MyInfoException(failure, call + " response is larger than the limit");
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            MyInfoLog.TimedOut(logger, call, Options.RequestTimeout);
            throw new MyInfoException(MyInfoFailure.UpstreamTimeout, call + " response timed out", ex);
        }
        catch (HttpRequestException ex)
        {
            MyInfoLog.Unreachable(logger, call, ex.HttpRequestError.ToString());
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response was cut off", ex);
        }
        catch (IOException ex)
        {
            MyInfoLog.Unreachable(logger, call, nameof(IOException));
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response was cut off", ex);
        }
    }
}
