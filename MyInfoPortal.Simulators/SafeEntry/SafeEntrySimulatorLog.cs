namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>SafeEntry gateway simulator events, 4500-4599. Reasons only: never a header, body, JWE or full ID.</summary>
internal static partial class SafeEntrySimulatorLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information,
        Message = "Gateway simulator accepted a {ActionType} for {SubMasked} at {VenueId}")]
    public static partial void Accepted(ILogger logger, string actionType, string subMasked, string venueId);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning,
        Message = "Gateway simulator refused a request: HTTP {StatusCode} {Reason}")]
    public static partial void Refused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information,
        Message = "Gateway simulator rejected a payload: {Reason}")]
    public static partial void PayloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information,
        Message = "Gateway simulator fault injected: {Fault}")]
    public static partial void FaultInjected(ILogger logger, string fault);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information,
        Message = "Gateway simulator fault switched to {Fault}")]
    public static partial void FaultChanged(ILogger logger, GatewayFault fault);
}
