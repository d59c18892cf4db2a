namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// The Myinfo simulator's log events (4000-4499). Never codes, state, tokens, JWE/JWS, secrets or full
/// NRICs: personas are logged masked, failures by their fixed reason text.
/// </summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Myinfo simulator keys loaded; client certificate {Subject} ({Thumbprint})")]
    public static partial void KeysLoaded(this ILogger logger, string subject, string thumbprint);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Myinfo simulator refused an authorise request: {Reason}")]
    public static partial void AuthoriseRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Myinfo simulator persona {Persona} chosen for {AttributeCount} attributes")]
    public static partial void PersonaChosen(this ILogger logger, string persona, int attributeCount);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Myinfo simulator consent given by {Persona}; code issued, valid for {Lifetime}")]
    public static partial void ConsentGiven(this ILogger logger, string persona, TimeSpan lifetime);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Myinfo simulator consent denied by {Persona}")]
    public static partial void ConsentDenied(this ILogger logger, string persona);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Myinfo simulator issued an access token for {Persona}")]
    public static partial void TokenIssued(this ILogger logger, string persona);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Myinfo simulator refused a token call with {Status}: {Reason}")]
    public static partial void TokenRefused(this ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Myinfo simulator served {AttributeCount} attributes of {Persona}")]
    public static partial void PersonServed(this ILogger logger, string persona, int attributeCount);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Myinfo simulator refused a person call with {Status}: {Reason}")]
    public static partial void PersonRefused(this ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Myinfo simulator saw a reused PKI_SIGN nonce (replay refused)")]
    public static partial void NonceReplayed(this ILogger logger);
}
