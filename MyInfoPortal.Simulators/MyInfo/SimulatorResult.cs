using System.Diagnostics.CodeAnalysis;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>A refusal as real Myinfo gives it: an HTTP status and a short message.</summary>
public sealed record SimulatorFailure(int Status, string Message);

/// <summary>Either a value or the refusal that stopped it.</summary>
public sealed class SimulatorResult<T>
    where T : class
{
    internal SimulatorResult(T? value, SimulatorFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public SimulatorFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;
}

public static class SimulatorResult
{
    public static SimulatorResult<T> Ok<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static SimulatorResult<T> Fail<T>(int status, string message)
        where T : class => new(null, new SimulatorFailure(status, message));

    public static SimulatorResult<T> Fail<T>(SimulatorFailure failure)
        where T : class => new(null, failure ?? throw new ArgumentNullException(nameof(failure)));
}
