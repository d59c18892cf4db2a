using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>One scripted answer the gateway gives instead of handling a request.</summary>
public sealed record ScriptedFault(GatewayFault Fault, int StatusCode = 500, string Message = "Internal server error");

/// <summary>What reached the gateway simulator: the PKI_SIGN nonce and timestamp (not secrets) and the answer.</summary>
public sealed record GatewayRequestRecord(DateTime ReceivedAt, string? Nonce, long? Timestamp, int StatusCode, string Outcome);

/// <summary>
/// The simulator's switchboard, a singleton: the standing fault (from Simulators:SafeEntry:Fault, changed
/// from the simulator page), a queue of scripted faults for tests ("fail the next 3 with 500"), and a
/// record of the requests received.
/// </summary>
public sealed class SafeEntryGatewayControl(IOptions<SimulatorOptions> options)
{
    private const int MaxRecords = 500;

    /// <summary>Longer than any sensible client timeout: a slow answer is a timeout for the caller.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<ScriptedFault> _script = new();
    private readonly ConcurrentQueue<GatewayRequestRecord> _requests = new();
    private int _fault = (int)options.Value.SafeEntry.Fault;

    public GatewayFault Fault
    {
        get => (GatewayFault)Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, (int)value);
    }

    public int ScriptedCount => _script.Count;

    public IReadOnlyList<GatewayRequestRecord> Requests => [.. _requests];

    /// <summary>The next <paramref name="count"/> requests get this status and message (500 by default).</summary>
    public void FailNext(int count, int statusCode = 500, string message = "Internal server error")
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(new ScriptedFault(GatewayFault.Error, statusCode, message));
        }
    }

    /// <summary>The next <paramref name="count"/> requests have their connection dropped.</summary>
    public void DropNext(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(new ScriptedFault(GatewayFault.Down, 0, string.Empty));
        }
    }

    public void ClearScript() => _script.Clear();

    public void ClearRequests() => _requests.Clear();

    /// <summary>The fault for the request now arriving: a scripted one first, else the standing one (null for none).</summary>
    internal ScriptedFault? TakeFault()
    {
        if (_script.TryDequeue(out var scripted))
        {
            return scripted;
        }

        return Fault switch
        {
            GatewayFault.Down => new ScriptedFault(GatewayFault.Down, 0, string.Empty),
            GatewayFault.Slow => new ScriptedFault(GatewayFault.Slow, 0, string.Empty),
            GatewayFault.Error => new ScriptedFault(GatewayFault.Error),
            _ => null,
        };
    }

    internal void Record(GatewayRequestRecord record)
    {
        _requests.Enqueue(record);
        while (_requests.Count > MaxRecords && _requests.TryDequeue(out _))
        {
        }
    }
}
