using System.Collections.Concurrent;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>What PAR stored for one request_uri.</summary>
public sealed record PushedRequest(
    string ClientId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string State,
    string Nonce,
    string CodeChallenge,
    string DpopJkt,
    string? AcrValues,
    DateTimeOffset ExpiresAt);

/// <summary>What an authorization code stands for: who consented to what, and what the token call must match.</summary>
public sealed record CodeGrant(
    string ClientId,
    string RedirectUri,
    string CodeChallenge,
    string DpopJkt,
    string PersonaId,
    IReadOnlyList<string> Scopes,
    string Nonce,
    string? AcrValues,
    DateTimeOffset ExpiresAt);

/// <summary>
/// The simulator's single-use records, in memory: request_uris, codes and the <c>jti</c> values of client
/// assertions and DPoP proofs. Each is taken at most once (an atomic remove or add); expired entries are
/// swept as new ones arrive. A stand-in's ledger: correct for one process, gone at restart.
/// </summary>
public sealed class SingpassSimulatorLedger(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PushedRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _jtis = new(StringComparer.Ordinal);
    private long _lastSweep;

    public void AddRequest(string requestUri, PushedRequest request)
    {
        Sweep();
        _requests[requestUri] = request;
    }

    /// <summary>The pushed request, removed so it can be used once; null when unknown, used or expired.</summary>
    public PushedRequest? TakeRequest(string requestUri) =>
        _requests.TryRemove(requestUri, out var request) && request.ExpiresAt > time.GetUtcNow() ? request : null;

    public void AddCode(string codeHash, CodeGrant grant)
    {
        Sweep();
        _codes[codeHash] = grant;
    }

    /// <summary>The grant, removed so the code works once; whether it had expired is for the caller to say.</summary>
    public CodeGrant? TakeCode(string codeHash) => _codes.TryRemove(codeHash, out var grant) ? grant : null;

    /// <summary>Records a jti (scoped, e.g. per client) until <paramref name="keepUntil"/>; false when it was seen before.</summary>
    public bool TryUseJti(string scope, string jti, DateTimeOffset keepUntil)
    {
        Sweep();
        return _jtis.TryAdd(scope + "\n" + jti, keepUntil);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweep);
        if (now.ToUnixTimeSeconds() - last < 10 || Interlocked.CompareExchange(ref _lastSweep, now.ToUnixTimeSeconds(), last) != last)
        {
            return;
        }

        foreach (var (key, until) in _jtis)
        {
            if (until < now)
            {
                _jtis.TryRemove(key, out _);
            }
        }

        foreach (var (key, request) in _requests)
        {
            if (request.ExpiresAt < now)
            {
                _requests.TryRemove(key, out _);
            }
        }

        // Expired codes are kept an hour, so a late exchange is told "expired" rather than "unknown".
        foreach (var (key, grant) in _codes)
        {
            if (grant.ExpiresAt < now - TimeSpan.FromHours(1))
            {
                _codes.TryRemove(key, out _);
            }
        }
    }
}
