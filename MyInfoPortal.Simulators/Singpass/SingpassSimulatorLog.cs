namespace MyInfoPortal.Simulators.Singpass;

/// <summary>
/// The Singpass simulator's log events (6500-6599). Never codes, state, nonces, tokens, proofs or full
/// NRICs: personas are logged masked, refusals by their error code and fixed description.
/// </summary>
internal static partial class SingpassSimulatorLog
{
    [LoggerMessage(EventId = 6500, Level = LogLevel.Warning, Message = "Singpass simulator refused {Endpoint} with {Error}: {Description}")]
    public static partial void Refused(ILogger logger, string endpoint, string error, string description);

    [LoggerMessage(EventId = 6501, Level = LogLevel.Information, Message = "Singpass simulator accepted a pushed authorization request from {ClientId}")]
    public static partial void Pushed(ILogger logger, string clientId);

    [LoggerMessage(EventId = 6502, Level = LogLevel.Information, Message = "Singpass simulator: {Persona} {Decision} the request of {ClientId}")]
    public static partial void Decided(ILogger logger, string persona, string decision, string clientId);

    [LoggerMessage(EventId = 6503, Level = LogLevel.Information, Message = "Singpass simulator issued tokens to {ClientId} for {Persona}")]
    public static partial void TokensIssued(ILogger logger, string clientId, string persona);

    [LoggerMessage(EventId = 6504, Level = LogLevel.Information, Message = "Singpass simulator served userinfo ({AttributeCount} attributes) to {ClientId}")]
    public static partial void UserinfoServed(ILogger logger, int attributeCount, string clientId);

    [LoggerMessage(EventId = 6505, Level = LogLevel.Warning, Message = "Singpass simulator could not load the JWKS of client {ClientId} ({ErrorType})")]
    public static partial void ClientJwksUnavailable(ILogger logger, string clientId, string errorType);

    [LoggerMessage(EventId = 6506, Level = LogLevel.Information, Message = "Singpass simulator fault set to {Fault}")]
    public static partial void FaultChanged(ILogger logger, SingpassFault fault);
}
