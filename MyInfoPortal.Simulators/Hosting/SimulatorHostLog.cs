namespace MyInfoPortal.Simulators.Hosting;

/// <summary>The simulators' own housekeeping, 4900-4999.</summary>
internal static partial class SimulatorHostLog
{
    [LoggerMessage(EventId = 4900, Level = LogLevel.Information,
        Message = "Simulator housekeeping removed {Receipts} gateway receipts and {Nonces} nonces")]
    public static partial void Purged(ILogger logger, int receipts, int nonces);

    [LoggerMessage(EventId = 4901, Level = LogLevel.Error,
        Message = "Simulator housekeeping failed with {ExceptionType}; will try again")]
    public static partial void PurgeFailed(ILogger logger, string exceptionType);
}
