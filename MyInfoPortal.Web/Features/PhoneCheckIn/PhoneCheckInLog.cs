namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>Phone check-in and poster events, 3200-3249. Masked IDs only; never a full NRIC or mobile number.</summary>
internal static partial class PhoneCheckInLog
{
    [LoggerMessage(3200, LogLevel.Information, "Phone {Action} for {SubMasked} at {VenueId} stored as submission {SubmissionId}")]
    public static partial void Submitted(ILogger logger, string action, string subMasked, string venueId, Guid submissionId);

    [LoggerMessage(3201, LogLevel.Information, "Profile {SessionId} retrieved for phone submission {SubmissionId} deleted once the submission was stored")]
    public static partial void ProfileDeleted(ILogger logger, Guid sessionId, Guid submissionId);

    [LoggerMessage(3202, LogLevel.Information, "Phone check-in refused by validation ({Fields})")]
    public static partial void ValidationFailed(ILogger logger, string fields);

    [LoggerMessage(3203, LogLevel.Information, "Phone check-in page asked for an unknown or malformed venue")]
    public static partial void UnknownVenue(ILogger logger);

    [LoggerMessage(3204, LogLevel.Information, "Phone check-out for {SubMasked} at {VenueId} from the pass of {PassSubmissionId}, stored as submission {SubmissionId}")]
    public static partial void CheckedOutFromPass(ILogger logger, string subMasked, string venueId, Guid passSubmissionId, Guid submissionId);

    [LoggerMessage(3205, LogLevel.Information, "Poster for venue {VenueId} (tenant {TenantId}) rendered as {Format}")]
    public static partial void PosterRendered(ILogger logger, string venueId, string? tenantId, string format);
}
