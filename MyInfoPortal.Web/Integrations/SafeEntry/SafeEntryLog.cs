namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// SafeEntry pipeline events, 2000-2999. Only masked identifiers, submission ids and fixed reasons are
/// logged: never a full NRIC, a mobile number, a JWE or a signature.
/// </summary>
internal static partial class SafeEntryLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Check-in {SubmissionId} stored for {SubMasked} ({ActionType} at {VenueId})")]
    public static partial void Enqueued(ILogger logger, Guid submissionId, string subMasked, string actionType, string venueId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Check-in {SubmissionId} was already stored; returning the existing record")]
    public static partial void Duplicate(ILogger logger, Guid submissionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Check-in {CheckInId} put back in the queue by {RequestedBy}")]
    public static partial void RetryRequested(ILogger logger, long checkInId, string requestedBy);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Check-in {CheckInId} accepted by the gateway on attempt {Attempt}")]
    public static partial void Accepted(ILogger logger, long checkInId, int attempt);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning,
        Message = "Check-in {CheckInId} rejected by the gateway: {Reason}")]
    public static partial void Rejected(ILogger logger, long checkInId, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning,
        Message = "Check-in {CheckInId} attempt {Attempt} failed ({Reason}); next attempt in {Delay}")]
    public static partial void WillRetry(ILogger logger, long checkInId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Error,
        Message = "Check-in {CheckInId} needs attention after {Attempts} attempts: {Reason}")]
    public static partial void NeedsAttention(ILogger logger, long checkInId, int attempts, string reason);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning,
        Message = "Check-in {CheckInId}: the gateway refused the nonce or timestamp; re-signing")]
    public static partial void Resigning(ILogger logger, long checkInId);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning,
        Message = "Check-in {CheckInId}: the lease ran out before the outcome was recorded; another dispatcher owns it now")]
    public static partial void LeaseLost(ILogger logger, long checkInId);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Error,
        Message = "Check-in {CheckInId}: the stored values could not be decrypted")]
    public static partial void UnprotectFailed(ILogger logger, long checkInId);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Error,
        Message = "The visitor lookup key could not be decrypted (Data Protection keys lost?); a new one was made, so earlier visits no longer match")]
    public static partial void LookupKeyReplaced(ILogger logger);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Error,
        Message = "Check-in {CheckInId}: the attempt failed on our side with {ExceptionType}")]
    public static partial void AttemptFailedInternally(ILogger logger, long checkInId, string exceptionType);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning,
        Message = "Check-in {CheckInId} attempt {Attempt}: delivery unconfirmed ({Reason}); not sent again for {Delay}")]
    public static partial void Unconfirmed(ILogger logger, long checkInId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning,
        Message = "Recording a check-in outcome failed with {ExceptionType}; trying again (attempt {Attempt})")]
    public static partial void OutcomeWriteRetrying(ILogger logger, string exceptionType, int attempt);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Error,
        Message = "Check-in {CheckInId}: the outcome {Status} could not be recorded ({ExceptionType}); it stays leased until {LeaseUntil}, then is tried again")]
    public static partial void OutcomeNotRecorded(ILogger logger, long checkInId, MyInfoPortal.Web.Data.CheckInStatus status, string exceptionType, DateTime leaseUntil);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Debug,
        Message = "Sending to the gateway: HTTP {Method} {Url} ({Mode})")]
    public static partial void Sending(ILogger logger, string method, string url, string mode);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information,
        Message = "Gateway answered HTTP {StatusCode}: {Outcome}")]
    public static partial void GatewayAnswered(ILogger logger, int statusCode, SafeEntryOutcomeKind outcome);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning,
        Message = "Gateway call failed without an answer: {Reason}")]
    public static partial void GatewayUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information,
        Message = "Dispatcher started: resuming pending check-ins")]
    public static partial void DispatcherStarted(ILogger logger);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Error,
        Message = "Dispatch pass failed with {ExceptionType}; will try again")]
    public static partial void DispatchPassFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information,
        Message = "Retention purge removed {CheckIns} check-ins and {Nonces} nonces")]
    public static partial void Purged(ILogger logger, int checkIns, int nonces);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Error,
        Message = "Retention purge failed with {ExceptionType}; will try again")]
    public static partial void PurgeFailed(ILogger logger, string exceptionType);
}
