namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// Myinfo sign-in and profile events (1000-1999). Reasons are fixed phrases from our own code; codes,
/// state, tokens, JWE/JWS, secrets and full NRICs never reach these messages.
/// </summary>
internal static partial class MyInfoLog
{
    // Client: 1000-1099
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Myinfo token exchange succeeded; token valid until {ExpiresAt:u}")]
    public static partial void TokenExchanged(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Myinfo token call answered HTTP {Status}")]
    public static partial void TokenCallFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Myinfo access token rejected: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Myinfo person data retrieved for {MaskedId}: {AttributeCount} attributes")]
    public static partial void PersonRetrieved(ILogger logger, string maskedId, int attributeCount);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Myinfo person call answered HTTP {Status}")]
    public static partial void PersonCallFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Myinfo person response rejected: {Reason}")]
    public static partial void PersonRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Myinfo {Call} call could not reach the server ({ErrorType})")]
    public static partial void Unreachable(ILogger logger, string call, string errorType);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Myinfo {Call} call timed out after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string call, TimeSpan timeout);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Retrying the Myinfo person call, attempt {Attempt}")]
    public static partial void RetryingPerson(ILogger logger, int attempt);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Myinfo {Call} response was larger than {Limit} bytes")]
    public static partial void ResponseTooLarge(ILogger logger, string call, int limit);

    // Sign-in flow: 1100-1199
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Myinfo sign-in {FlowId} started from the {Origin} flow")]
    public static partial void FlowStarted(ILogger logger, Guid flowId, Data.LoginOrigin origin);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Callback refused before any lookup: {Reason}")]
    public static partial void CallbackMalformed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Callback state refused: {Reason}")]
    public static partial void StateRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Callback accepted for sign-in {FlowId}")]
    public static partial void CallbackAccepted(ILogger logger, Guid flowId);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Myinfo ended sign-in {FlowId} with error {Error}")]
    public static partial void CallbackError(ILogger logger, Guid flowId, string error);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Continuation of sign-in {FlowId} refused: {Reason}")]
    public static partial void ContinuationRefused(ILogger logger, Guid flowId, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "JSON API code refused: {Reason}")]
    public static partial void ApiCodeRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Sign-in {FlowId} failed at Myinfo: {Code}")]
    public static partial void RetrievalFailed(ILogger logger, Guid flowId, string code);

    // Profile: 1200-1299
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Resident session {SessionId} created, expires {ExpiresAt:u}")]
    public static partial void SessionCreated(ILogger logger, Guid sessionId, DateTime expiresAt);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Resident session {SessionId} ended by sign-out")]
    public static partial void SignedOut(ILogger logger, Guid sessionId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Resident session could not be read: {Reason}")]
    public static partial void SessionUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Deleting expired profiles and sign-ins failed ({ErrorType}); will try again")]
    public static partial void HousekeepingFailed(ILogger logger, string errorType);
}
