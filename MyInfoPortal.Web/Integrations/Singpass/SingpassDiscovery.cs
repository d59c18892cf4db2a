using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>The endpoints read from the issuer's discovery document; never hard-coded.</summary>
public sealed record SingpassEndpoints(string Issuer, Uri PushedAuthorizationRequest, Uri Authorization, Uri Token, Uri Userinfo, Uri Jwks);

/// <summary>
/// Discovery and the issuer's signing keys, cached for <c>Singpass:MetadataCacheLifetime</c>. An ID token
/// or userinfo signed with a key we do not know makes one refetch of the JWKS (key rotation at the
/// issuer), never more often than <c>Singpass:JwksRefreshFloor</c>.
/// </summary>
public sealed class SingpassDiscovery(
    IServiceScopeFactory scopes,
    IOptions<SingpassOptions> options,
    TimeProvider time,
    ILogger<SingpassDiscovery> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (SingpassEndpoints Value, DateTimeOffset FetchedAt)? _endpoints;
    private (IReadOnlyList<EcJwk> Keys, DateTimeOffset FetchedAt)? _jwks;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;

    public async Task<SingpassEndpoints> GetEndpointsAsync(CancellationToken cancellationToken)
    {
        var cached = _endpoints;
        if (cached is { } hit && time.GetUtcNow() - hit.FetchedAt < options.Value.MetadataCacheLifetime)
        {
            return hit.Value;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_endpoints is { } again && time.GetUtcNow() - again.FetchedAt < options.Value.MetadataCacheLifetime)
            {
                return again.Value;
            }

            var endpoints = await FetchEndpointsAsync(cancellationToken);
            _endpoints = (endpoints, time.GetUtcNow());
            return endpoints;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The issuer's verification key named <paramref name="kid"/>; refetches the JWKS once when it is unknown.</summary>
    public async Task<EcJwk> GetSigningKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        var keys = await GetJwksAsync(forceRefresh: false, cancellationToken);
        var key = Find(keys, kid);
        if (key is not null)
        {
            return key;
        }

        SingpassLog.UnknownSigningKey(logger);
        keys = await GetJwksAsync(forceRefresh: true, cancellationToken);
        return Find(keys, kid) ?? throw new MyInfoException(MyInfoFailure.TokenRejected, "no issuer key matches the token's kid");
    }

    public void Dispose() => _gate.Dispose();

    private static EcJwk? Find(IReadOnlyList<EcJwk> keys, string? kid)
    {
        var signing = keys.Where(k => k.Use is null or "sig").ToList();
        return kid is null
            ? (signing.Count == 1 ? signing[0] : null)
            : signing.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
    }

    /// <summary>
    /// The cached JWKS, fetched when stale. A forced refresh (an unknown kid) refetches at once unless
    /// another forced refresh happened within <c>Singpass:JwksRefreshFloor</c>: tokens naming keys that do
    /// not exist cannot make us hammer the issuer.
    /// </summary>
    private async Task<IReadOnlyList<EcJwk>> GetJwksAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        bool Fresh(DateTimeOffset now) =>
            _jwks is { } hit && now - hit.FetchedAt < options.Value.MetadataCacheLifetime &&
            (!forceRefresh || now - _lastForcedRefresh < options.Value.JwksRefreshFloor);

        if (Fresh(time.GetUtcNow()))
        {
            return _jwks!.Value.Keys;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (Fresh(now))
            {
                return _jwks!.Value.Keys;
            }

            if (forceRefresh)
            {
                _lastForcedRefresh = now;
            }

            var endpoints = _endpoints?.Value ?? await FetchEndpointsAsync(cancellationToken);
            var keys = await FetchJwksAsync(endpoints.Jwks, cancellationToken);
            _jwks = (keys, time.GetUtcNow());
            SingpassLog.JwksFetched(logger, keys.Count);
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SingpassEndpoints> FetchEndpointsAsync(CancellationToken cancellationToken)
    {
        var issuer = options.Value.EffectiveIssuer;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration"));
        var response = await SendAsync(request, "discovery", cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new FormatException(name + " is missing");
            Uri Url(string name) => Uri.TryCreate(Text(name), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? uri
                : throw new FormatException(name + " is not an absolute URL");

            // RFC 8414 section 3.3: the document must name the issuer we asked, exactly.
            if (!string.Equals(Text("issuer"), issuer, StringComparison.Ordinal))
            {
                throw new FormatException("issuer does not match the configured issuer");
            }

            return new SingpassEndpoints(issuer, Url("pushed_authorization_request_endpoint"), Url("authorization_endpoint"),
                Url("token_endpoint"), Url("userinfo_endpoint"), Url("jwks_uri"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            SingpassLog.DiscoveryUnreadable(logger, ex.Message);
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, "discovery document is not usable", ex);
        }
    }

    private async Task<IReadOnlyList<EcJwk>> FetchJwksAsync(Uri jwksUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, jwksUri);
        var response = await SendAsync(request, "jwks", cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(response.Body, new JsonDocumentOptions { MaxDepth = 8 });
            if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("keys is missing");
            }

            var list = new List<EcJwk>();
            foreach (var element in keys.EnumerateArray())
            {
                // Keys of other types (RSA, enc keys without curve) are not ours to use; skip them.
                if (element.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == "EC")
                {
                    var key = EcJwk.Parse(element);
                    if (key.IsPrivate)
                    {
                        throw new FormatException("the issuer published a private key");
                    }

                    list.Add(key);
                }
            }

            return list;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or JoseException)
        {
            SingpassLog.DiscoveryUnreadable(logger, "JWKS: " + ex.Message);
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, "issuer JWKS is not usable", ex);
        }
    }

    private async Task<SingpassResponse> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var http = scope.ServiceProvider.GetRequiredService<SingpassHttp>();
        var response = await http.SendAsync(request, call, cancellationToken);
        if (response.Status != 200)
        {
            SingpassLog.CallFailed(logger, call, response.Status);
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " answered an unexpected status");
        }

        return response;
    }
}
