namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>Kiosk, venue and log events, 3100-3199. Masked IDs only; never a full NRIC or mobile number.</summary>
internal static partial class KioskLog
{
    [LoggerMessage(3100, LogLevel.Information, "Kiosk {Action} for {SubMasked} at {VenueId} stored as submission {SubmissionId} by {Staff}")]
    public static partial void Submitted(ILogger logger, string action, string subMasked, string venueId, Guid submissionId, string? staff);

    [LoggerMessage(3101, LogLevel.Information, "Kiosk submission {SubmissionId} was already stored; the repeat was ignored")]
    public static partial void DuplicateSubmission(ILogger logger, Guid submissionId);

    [LoggerMessage(3102, LogLevel.Information, "Kiosk submission refused by validation ({Fields})")]
    public static partial void ValidationFailed(ILogger logger, string fields);

    [LoggerMessage(3103, LogLevel.Information, "Gateway rejected submission {SubmissionId}; shown to staff against field {Field}")]
    public static partial void GatewayRejected(ILogger logger, Guid submissionId, string field);

    [LoggerMessage(3104, LogLevel.Information, "Kiosk set up for venue {VenueId} (tenant {TenantId}), default {Action}")]
    public static partial void DeviceSetUp(ILogger logger, string venueId, string? tenantId, string action);

    [LoggerMessage(3105, LogLevel.Information, "Venue {VenueId} added")]
    public static partial void VenueAdded(ILogger logger, string venueId);

    [LoggerMessage(3106, LogLevel.Information, "Venue #{Id} updated")]
    public static partial void VenueRenamed(ILogger logger, int id);

    [LoggerMessage(3107, LogLevel.Information, "Venue #{Id} removed")]
    public static partial void VenueRemoved(ILogger logger, int id);

    [LoggerMessage(3108, LogLevel.Information, "Staff {Staff} put check-in #{Id} back in the queue")]
    public static partial void RetryRequested(ILogger logger, string? staff, long id);

    [LoggerMessage(3109, LogLevel.Information, "Retry of check-in #{Id} refused: it is not failed or needing attention")]
    public static partial void RetryRefused(ILogger logger, long id);

    [LoggerMessage(3110, LogLevel.Information, "Check-in log exported as CSV by {Staff} ({Rows} rows)")]
    public static partial void Exported(ILogger logger, string? staff, int rows);

    [LoggerMessage(3111, LogLevel.Information, "Resident self check-in ({Action}) for {SubMasked} at {VenueId} stored as submission {SubmissionId}")]
    public static partial void ResidentSubmitted(ILogger logger, string action, string subMasked, string venueId, Guid submissionId);

    [LoggerMessage(3112, LogLevel.Information, "Check-out suggested: visitor {SubMasked} checked in at {VenueId} earlier today")]
    public static partial void CheckOutSuggested(ILogger logger, string subMasked, string venueId);
}
