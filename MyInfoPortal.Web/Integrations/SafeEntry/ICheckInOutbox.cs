using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>A validated submission on its way in: full values, which the outbox protects before storing.</summary>
public sealed record CheckInRequest(
    Guid SubmissionId,
    string VenueId,
    string? TenantId,
    string ActionType,
    string SubType,
    string Sub,
    string MobileNo,
    CheckInSource Source,
    string? CreatedBy);

/// <summary>What the caller may show: masked values and the current status only.</summary>
public sealed record CheckInReceipt(
    long Id,
    Guid SubmissionId,
    string VenueId,
    string? TenantId,
    string ActionType,
    string SubMasked,
    CheckInStatus Status,
    string? LastError,
    DateTime CreatedAt,
    bool Duplicate);

/// <summary>
/// The durable outbox in front of the SafeEntry gateway: a submission is written first (idempotent on
/// its SubmissionId) and sent by a background dispatcher after.
/// </summary>
public interface ICheckInOutbox
{
    /// <summary>Stores the submission (or finds the one already stored under its id) and wakes the dispatcher.</summary>
    Task<CheckInReceipt> EnqueueAsync(CheckInRequest request, CancellationToken cancellationToken);

    Task<CheckInReceipt?> FindAsync(Guid submissionId, CancellationToken cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the stored submission <paramref name="receipt"/> describes to
    /// leave Pending (accepted, failed or needs attention) and returns its latest state; still Pending when the
    /// gateway has not answered yet.
    /// </summary>
    Task<CheckInReceipt?> WaitForOutcomeAsync(CheckInReceipt receipt, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// The same visitor's latest submission at the venue since <paramref name="sinceUtc"/> (e.g. local midnight),
    /// found by keyed hash without decrypting anything. Null when there is none.
    /// </summary>
    Task<CheckInReceipt?> FindLatestForVisitorAsync(string sub, string venueId, DateTime sinceUtc, CancellationToken cancellationToken);

    /// <summary>Puts a failed or needs-attention submission back in the queue. False if it was not in such a state.</summary>
    Task<bool> RetryAsync(long id, CancellationToken cancellationToken);
}
