using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.MyInfo;

public enum PersonEncoding
{
    /// <summary>Real Myinfo: the JWS inside the JWE is a JSON string.</summary>
    QuotedJws,

    /// <summary>MockPass 4.x: the bare JWS.</summary>
    UnquotedJws,

    /// <summary>Sandbox: plain JSON.</summary>
    Plain,
}

/// <summary>One request the fake received, with what its PKI_SIGN signature covered.</summary>
public sealed record ReceivedRequest(HttpMethod Method, Uri Uri, string? Authorization, IReadOnlyDictionary<string, string> Parameters, string? BaseString, bool? SignatureValid);

/// <summary>
/// A stand-in Myinfo v3 server speaking the real protocol through the project's Crypto classes:
/// verifies PKI_SIGN over the parameters actually received, issues RS256 access tokens, answers
/// the person call with a JWE to the client's key around a JWS. Counts every call. Knobs let a test
/// make it misbehave.
/// </summary>
public sealed class FakeMyInfoServer(Func<RSA> clientPublicKey, Func<RSA> myInfoKey, TimeProvider clock) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, string> _codes = new(StringComparer.Ordinal);
    private int _tokenCalls;
    private int _personCalls;
    private int _otherCalls;

    public int TokenCalls => Volatile.Read(ref _tokenCalls);

    public int PersonCalls => Volatile.Read(ref _personCalls);

    public int OtherCalls => Volatile.Read(ref _otherCalls);

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Persons { get; } = new(StringComparer.Ordinal);

    public bool RequireSignatures { get; set; } = true;

    public string? Issuer { get; set; } = "https://fake.myinfo.example/serviceauth/myinfo-com";

    public string? Audience { get; set; } = "FAKE-CLIENT";

    public PersonEncoding Encoding { get; set; } = PersonEncoding.QuotedJws;

    /// <summary>Replaces the access token the token call returns (given the subject).</summary>
    public Func<string, string>? TokenFactory { get; set; }

    /// <summary>Replaces the person response body (given the normal one).</summary>
    public Func<string, string>? PersonBodyFactory { get; set; }

    /// <summary>Replaces the payload signed into the person JWS (given the subject).</summary>
    public Func<string, JsonObject>? PersonPayloadFactory { get; set; }

    public HttpStatusCode? TokenStatus { get; set; }

    public HttpStatusCode? PersonStatus { get; set; }

    /// <summary>Answer this many person calls with <see cref="PersonStatus"/>, then behave.</summary>
    public int PersonFailures { get; set; } = int.MaxValue;

    public TimeSpan TokenDelay { get; set; }

    public TimeSpan PersonDelay { get; set; }

    /// <summary>Fail this many token calls as a dropped connection would, after reading them.</summary>
    public int TokenConnectionFailures { get; set; }

    /// <summary>Fail this many person calls as a dropped connection would, after reading them.</summary>
    public int PersonConnectionFailures { get; set; }

    /// <summary>Send the person response's headers at once and its body only after this long.</summary>
    public TimeSpan PersonBodyDelay { get; set; }

    /// <summary>A code the token endpoint will accept once, for the subject given.</summary>
    public string IssueCode(string subject)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        _codes[code] = subject;
        return code;
    }

    public string DefaultToken(string subject) =>
        TestJwt.Rs256(TestJwt.Claims(subject, clock.GetUtcNow(), Issuer, Audience), myInfoKey());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Post && path.EndsWith("/token", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tokenCalls);
            return await TokenAsync(request, cancellationToken);
        }

        if (request.Method == HttpMethod.Get && path.Contains("/person/", StringComparison.Ordinal))
        {
            var attempt = Interlocked.Increment(ref _personCalls);
            return await PersonAsync(request, attempt, cancellationToken);
        }

        Interlocked.Increment(ref _otherCalls);
        Received.Enqueue(new ReceivedRequest(request.Method, request.RequestUri, null, new Dictionary<string, string>(), null, null));
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> TokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = Flatten(QueryHelpers.ParseQuery(await request.Content!.ReadAsStringAsync(cancellationToken)));
        var check = Verify(request, "POST", form);
        if (TokenCalls <= TokenConnectionFailures)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "the fake dropped the connection");
        }
        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay, cancellationToken);
        }

        if (TokenStatus is { } status)
        {
            return Json(status, """{"code":500,"message":"upstream detail that must never be shown"}""");
        }

        if (RequireSignatures && check != true)
        {
            return Json(HttpStatusCode.Unauthorized, """{"code":401,"message":"Invalid signature"}""");
        }

        if (!form.TryGetValue("code", out var code) || !_codes.TryRemove(code, out var subject))
        {
            return Json(HttpStatusCode.BadRequest, """{"code":400,"message":"Invalid authorization code"}""");
        }

        var token = TokenFactory?.Invoke(subject) ?? DefaultToken(subject);
        return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { access_token = token, token_type = "Bearer", expires_in = 1799 }));
    }

    private async Task<HttpResponseMessage> PersonAsync(HttpRequestMessage request, int attempt, CancellationToken cancellationToken)
    {
        var query = Flatten(QueryHelpers.ParseQuery(request.RequestUri!.Query));
        var check = Verify(request, "GET", query);
        if (attempt <= PersonConnectionFailures)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "the fake dropped the connection");
        }
        if (PersonDelay > TimeSpan.Zero)
        {
            await Task.Delay(PersonDelay, cancellationToken);
        }

        if (PersonStatus is { } status && attempt <= PersonFailures)
        {
            return Json(status, """{"code":0,"message":"upstream detail that must never be shown"}""");
        }

        if (RequireSignatures && check != true)
        {
            return Json(HttpStatusCode.Unauthorized, """{"code":401,"message":"Invalid signature"}""");
        }

        var subject = Uri.UnescapeDataString(request.RequestUri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var payload = PersonPayloadFactory?.Invoke(subject)
            ?? (Persons.TryGetValue(subject, out var person) ? (JsonObject)person.DeepClone() : null);
        if (payload is null)
        {
            return Json(HttpStatusCode.NotFound, """{"code":404,"message":"UIN/FIN does not exist in MyInfo."}""");
        }

        var json = payload.ToJsonString();
        string body;
        if (Encoding == PersonEncoding.Plain)
        {
            body = json;
        }
        else
        {
            var jws = JwsCodec.Sign(System.Text.Encoding.UTF8.GetBytes(json), myInfoKey());
            var inner = Encoding == PersonEncoding.QuotedJws ? JsonSerializer.Serialize(jws) : jws;
            body = JweCodec.Encrypt(System.Text.Encoding.UTF8.GetBytes(inner), clientPublicKey());
        }

        body = PersonBodyFactory?.Invoke(body) ?? body;
        var mediaType = Encoding == PersonEncoding.Plain ? "application/json" : "application/jose";
        if (PersonBodyDelay > TimeSpan.Zero)
        {
            var slow = new StreamContent(new SlowStream(System.Text.Encoding.UTF8.GetBytes(body), PersonBodyDelay));
            slow.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = slow };
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) };
    }

    /// <summary>Checks PKI_SIGN over exactly the parameters received (form body or query string).</summary>
    private bool? Verify(HttpRequestMessage request, string method, IReadOnlyDictionary<string, string> parameters)
    {
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : null;
        string? baseString = null;
        bool? valid = null;
        if (authorization is not null && PkiSignHeader.TryParse(authorization, out var header))
        {
            baseString = PkiSign.BuildBaseString(method, request.RequestUri!.GetLeftPart(UriPartial.Path), parameters, header!.AppId, header.Nonce, header.Timestamp);
            valid = header.SignatureMethod == PkiSign.SignatureMethod && PkiSign.VerifyBaseString(baseString, header.Signature, clientPublicKey());
        }

        Received.Enqueue(new ReceivedRequest(request.Method, request.RequestUri!, authorization, parameters, baseString, valid));
        return valid;
    }

    private static Dictionary<string, string> Flatten(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> values) =>
        values.ToDictionary(p => p.Key, p => p.Value.Count == 1 ? p.Value[0]! : throw new InvalidOperationException("repeated parameter " + p.Key), StringComparer.Ordinal);

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    /// <summary>A body whose first byte comes only after a delay, as from a server that stalls mid-answer.</summary>
    private sealed class SlowStream(byte[] bytes, TimeSpan delay) : MemoryStream(bytes, writable: false)
    {
        private bool _waited;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_waited)
            {
                await Task.Delay(delay, cancellationToken);
                _waited = true;
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
