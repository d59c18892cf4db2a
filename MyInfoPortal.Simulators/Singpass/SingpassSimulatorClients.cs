using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>
/// The registered relying parties and their public keys. A client's JWKS comes from its file or URL,
/// is cached for a minute, and is refetched when a kid is unknown (clients rotate keys too).
/// </summary>
public sealed class SingpassSimulatorClients(
    IOptions<SimulatorOptions> options,
    IHttpClientFactory httpFactory,
    TimeProvider time,
    ILogger<SingpassSimulatorClients> logger)
{
    public const string HttpClientName = "SingpassSimulatorClientJwks";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<EcJwk> Keys, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);

    public SingpassSimulatorClient? Find(string? clientId) =>
        clientId is null ? null : options.Value.Singpass.Clients.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    public static bool IsRegisteredRedirect(SingpassSimulatorClient client, string? redirectUri) =>
        redirectUri is not null && client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal);

    /// <summary>The client's public key for <paramref name="use"/> named <paramref name="kid"/> (or the only one when none is named).</summary>
    public async Task<EcJwk?> FindKeyAsync(SingpassSimulatorClient client, string use, string? kid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var keys = await KeysAsync(client, refresh: false, cancellationToken);
        var key = Pick(keys, use, kid);
        if (key is null && kid is not null)
        {
            keys = await KeysAsync(client, refresh: true, cancellationToken);
            key = Pick(keys, use, kid);
        }

        return key;
    }

    private static EcJwk? Pick(IReadOnlyList<EcJwk> keys, string use, string? kid)
    {
        var candidates = keys.Where(k => k.Use is null || k.Use == use).ToList();
        return kid is null
            ? candidates.OrderByDescending(k => k.CreatedAt ?? 0).FirstOrDefault()
            : candidates.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<EcJwk>> KeysAsync(SingpassSimulatorClient client, bool refresh, CancellationToken cancellationToken)
    {
        var id = client.ClientId!;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var hit) && (now - hit.FetchedAt < (refresh ? TimeSpan.FromSeconds(1) : CacheLifetime)))
        {
            return hit.Keys;
        }

        IReadOnlyList<EcJwk> keys;
        try
        {
            string json;
            if (!string.IsNullOrWhiteSpace(client.JwksPath))
            {
                json = await File.ReadAllTextAsync(client.JwksPath, cancellationToken);
            }
            else
            {
                using var http = httpFactory.CreateClient(HttpClientName);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                json = await http.GetStringAsync(new Uri(client.JwksUri!), timeout.Token);
            }

            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            keys = document.RootElement.GetProperty("keys").EnumerateArray()
                .Where(e => e.TryGetProperty("kty", out var kty) && kty.ValueKind == JsonValueKind.String && kty.GetString() == "EC")
                .Select(e => EcJwk.Parse(e).PublicOnly())
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            or JoseException or OperationCanceledException or UriFormatException or UnauthorizedAccessException)
        {
            SingpassSimulatorLog.ClientJwksUnavailable(logger, id, ex.GetType().Name);
            keys = hit.Keys ?? [];
        }

        _cache[id] = (keys, now);
        return keys;
    }
}
