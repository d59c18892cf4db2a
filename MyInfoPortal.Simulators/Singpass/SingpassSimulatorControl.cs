using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>What reached the simulator: endpoint, status and an OAuth error code (never a token or proof).</summary>
public sealed record SingpassRequestRecord(DateTimeOffset ReceivedAt, string Endpoint, int Status, string? Error);

/// <summary>
/// The Singpass simulator's switchboard, a singleton: the standing fault (from configuration or the
/// simulator page) and a record of recent requests, so tests and people can see what a client did.
/// </summary>
public sealed class SingpassSimulatorControl
{
    private const int MaxRecords = 500;

    /// <summary>Longer than any sensible client timeout.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<SingpassRequestRecord> _requests = new();
    private readonly SingpassSimulatorKeys _keys;
    private readonly TimeProvider _time;
    private int _fault;

    public SingpassSimulatorControl(IOptions<SimulatorOptions> options, SingpassSimulatorKeys keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _time = time;
        Set(options.Value.Singpass.Fault);
    }

    public SingpassFault Fault => (SingpassFault)Volatile.Read(ref _fault);

    public IReadOnlyList<SingpassRequestRecord> Requests => [.. _requests];

    public int CountOf(string endpoint) => _requests.Count(r => r.Endpoint == endpoint);

    /// <summary>Switches the fault; "JWKS rotated" makes a new signing key at that moment.</summary>
    public void Set(SingpassFault fault)
    {
        if (fault == SingpassFault.JwksRotated)
        {
            _keys.Rotate(_time);
        }

        Volatile.Write(ref _fault, (int)fault);
    }

    public void ClearRequests() => _requests.Clear();

    internal void Record(string endpoint, int status, string? error)
    {
        _requests.Enqueue(new SingpassRequestRecord(_time.GetUtcNow(), endpoint, status, error));
        while (_requests.Count > MaxRecords && _requests.TryDequeue(out _))
        {
        }
    }
}
