namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// Singpass FAPI events (6000-6099). Reasons are fixed phrases from our own code or plain OAuth error
/// codes; codes, state, nonces, tokens, proofs, JWE/JWS and full NRICs never reach these messages.
/// </summary>
internal static partial class SingpassLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Singpass pushed authorization request accepted")]
    public static partial void Pushed(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Singpass {Call} call answered HTTP {Status} ({Error})")]
    public static partial void CallRefused(ILogger logger, string call, int status, string? error);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Singpass token exchange succeeded (acr {Acr})")]
    public static partial void TokenExchanged(ILogger logger, string acr);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Singpass ID token rejected: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Singpass userinfo retrieved for {MaskedId}: {AttributeCount} attributes")]
    public static partial void UserinfoRetrieved(ILogger logger, string maskedId, int attributeCount);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Singpass userinfo rejected: {Reason}")]
    public static partial void UserinfoRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Singpass {Call} call could not reach the server ({ErrorType})")]
    public static partial void Unreachable(ILogger logger, string call, string errorType);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Singpass {Call} call timed out after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string call, TimeSpan timeout);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Singpass {Call} response was larger than the limit")]
    public static partial void ResponseTooLarge(ILogger logger, string call);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Singpass discovery or JWKS unusable: {Reason}")]
    public static partial void DiscoveryUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Singpass signed with a key not in the cached JWKS; refetching it")]
    public static partial void UnknownSigningKey(ILogger logger);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Singpass JWKS fetched: {KeyCount} EC keys")]
    public static partial void JwksFetched(ILogger logger, int keyCount);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Singpass asked for a DPoP nonce on the {Call} call; sending it once more with the nonce")]
    public static partial void DpopNonceRequested(ILogger logger, string call);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Singpass {Call} call answered with an unexpected status {Status}")]
    public static partial void CallFailed(ILogger logger, string call, int status);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Singpass sign-in {FlowId} started")]
    public static partial void FlowStarted(ILogger logger, Guid flowId);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Warning, Message = "Singpass callback refused: {Reason}")]
    public static partial void CallbackRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Information, Message = "Singpass reported {Error} on the callback of sign-in {FlowId}")]
    public static partial void CallbackError(ILogger logger, Guid flowId, string error);

    [LoggerMessage(EventId = 6023, Level = LogLevel.Warning, Message = "Singpass sign-in {FlowId} failed: {Code}")]
    public static partial void SignInFailed(ILogger logger, Guid flowId, string code);

    [LoggerMessage(EventId = 6024, Level = LogLevel.Information, Message = "Singpass sign-in {FlowId} completed")]
    public static partial void SignInCompleted(ILogger logger, Guid flowId);
}
