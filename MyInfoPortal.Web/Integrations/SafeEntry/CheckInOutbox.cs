using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Writes every submission to the database before anything is sent. The SubmissionId's unique index makes
/// a double submit or a browser retry return the stored row instead of making a second one.
/// </summary>
public sealed class CheckInOutbox(
    PortalDbContext db,
    CheckInProtector protector,
    VisitorLookup lookup,
    SafeEntryDispatchSignal signal,
    CheckInOutcomeSignal outcomes,
    TimeProvider time,
    ILogger<CheckInOutbox> logger) : ICheckInOutbox
{
    private static readonly TimeSpan OutcomePollInterval = TimeSpan.FromMilliseconds(100);

    // A kiosk check-in reads its row by submission id four times (the kiosk's repeat check, the outbox's
    // own, the wait's first look and its look once signalled); compiled once, EF Core neither walks the
    // expression for its parameters nor looks it up in its query cache on each read.
    private static readonly CompiledPerModel<Func<PortalDbContext, Guid, CancellationToken, Task<CheckIn?>>> BySubmissionId = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, Guid submissionId, CancellationToken _) =>
            db.CheckIns.AsNoTracking().SingleOrDefault(c => c.SubmissionId == submissionId)));

    private static readonly CompiledPerModel<Func<PortalDbContext, string, string, DateTime, CancellationToken, Task<CheckIn?>>> LatestForVisitor = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string subLookup, string venueId, DateTime sinceUtc, CancellationToken _) =>
            db.CheckIns.AsNoTracking()
                .Where(c => c.SubLookup == subLookup && c.VenueId == venueId && c.CreatedAt >= sinceUtc)
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .FirstOrDefault()));

    public async Task<CheckInReceipt> EnqueueAsync(CheckInRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request);

        var existing = await FindAsync(request.SubmissionId, cancellationToken);
        if (existing is not null)
        {
            SafeEntryLog.Duplicate(logger, request.SubmissionId);
            return existing with { Duplicate = true };
        }

        var sub = Nric.Normalise(request.Sub);
        var mobile = MobileNumber.TryNormalise(request.MobileNo, out var normalised) ? normalised : request.MobileNo.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        var row = new CheckIn
        {
            SubmissionId = request.SubmissionId,
            VenueId = request.VenueId.Trim(),
            TenantId = string.IsNullOrWhiteSpace(request.TenantId) ? null : request.TenantId.Trim(),
            ActionType = request.ActionType,
            SubType = request.SubType,
            ProtectedSub = protector.Protect(sub),
            SubMasked = Nric.Mask(sub),
            SubLookup = await lookup.ComputeAsync(sub, cancellationToken),
            ProtectedMobileNo = protector.Protect(mobile),
            MobileMasked = MobileNumber.Mask(mobile),
            Source = request.Source,
            CreatedBy = request.CreatedBy,
            CreatedAt = now,
            Status = CheckInStatus.Pending,
            NextAttemptAt = now,
        };

        db.CheckIns.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Another request with the same id won the race between our lookup and our insert.
            db.Entry(row).State = EntityState.Detached;
            SafeEntryLog.Duplicate(logger, request.SubmissionId);
            var winner = await FindAsync(request.SubmissionId, cancellationToken)
                ?? throw new InvalidOperationException("A unique violation was reported but no row holds the submission id.");
            return winner with { Duplicate = true };
        }

        db.Entry(row).State = EntityState.Detached;
        SafeEntryLog.Enqueued(logger, row.SubmissionId, row.SubMasked, row.ActionType, row.VenueId);
        signal.Wake();
        return ToReceipt(row, duplicate: false);
    }

    public async Task<CheckInReceipt?> FindAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        var row = await BySubmissionId.For(db)(db, submissionId, cancellationToken);
        return row is null ? null : ToReceipt(row, duplicate: false);
    }

    public async Task<CheckInReceipt?> WaitForOutcomeAsync(CheckInReceipt receipt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);

        // Counted in polls rather than read from the clock, so a frozen test clock cannot make this wait forever.
        var polls = Math.Max(0, (int)(timeout / OutcomePollInterval));

        // Watched before the first read, so an outcome written after that read still ends the wait at once.
        var written = outcomes.Watch(receipt.Id);
        try
        {
            for (var i = 0; ; i++)
            {
                var current = await FindAsync(receipt.SubmissionId, cancellationToken);
                if (current is null || current.Status != CheckInStatus.Pending || i >= polls)
                {
                    return current;
                }

                // This instance's dispatcher says when it wrote the outcome; another instance's is seen at the next look.
                await Task.WhenAny(written, Task.Delay(OutcomePollInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (written.IsCompleted)
                {
                    // A retry scheduled for later is written too, and leaves the row pending: watch for the next write.
                    outcomes.Unwatch(receipt.Id, written);
                    written = outcomes.Watch(receipt.Id);
                }
            }
        }
        finally
        {
            outcomes.Unwatch(receipt.Id, written);
        }
    }

    public async Task<CheckInReceipt?> FindLatestForVisitorAsync(string sub, string venueId, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var hash = await lookup.ComputeAsync(sub, cancellationToken);
        var row = await LatestForVisitor.For(db)(db, hash, venueId, sinceUtc, cancellationToken);
        return row is null ? null : ToReceipt(row, duplicate: false);
    }

    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.CheckIns
            .Where(c => c.Id == id && (c.Status == CheckInStatus.Failed || c.Status == CheckInStatus.NeedsAttention))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, CheckInStatus.Pending)
                .SetProperty(c => c.Attempts, 0)
                .SetProperty(c => c.NextAttemptAt, now)
                .SetProperty(c => c.LeaseUntil, (DateTime?)null)
                .SetProperty(c => c.LastError, (string?)null), cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        SafeEntryLog.RetryRequested(logger, id, "staff");
        signal.Wake();
        return true;
    }

    private static void Check(CheckInRequest request)
    {
        static void Require(bool condition, string name)
        {
            if (!condition)
            {
                throw new ArgumentException($"CheckInRequest.{name} is missing or not allowed.", nameof(request));
            }
        }

        Require(request.SubmissionId != Guid.Empty, nameof(request.SubmissionId));
        Require(!string.IsNullOrWhiteSpace(request.VenueId) && request.VenueId.Length <= 128, nameof(request.VenueId));
        Require(request.TenantId is null || request.TenantId.Length <= 64, nameof(request.TenantId));
        Require(request.ActionType is SafeEntryPayload.CheckIn or SafeEntryPayload.CheckOut, nameof(request.ActionType));
        Require(request.SubType is SafeEntryPayload.UinFin or SafeEntryPayload.Others, nameof(request.SubType));
        Require(!string.IsNullOrWhiteSpace(request.Sub) && request.Sub.Length <= 32, nameof(request.Sub));
        Require(!string.IsNullOrWhiteSpace(request.MobileNo) && request.MobileNo.Length <= 32, nameof(request.MobileNo));
    }

    /// <summary>
    /// What a visitor is shown: an unconfirmed delivery is still on its way as far as they are concerned
    /// (the row stays in the queue and is sent again), so it reads as Pending; staff see it as it is in the log.
    /// </summary>
    internal static CheckInReceipt ToReceipt(CheckIn row, bool duplicate) => new(
        row.Id, row.SubmissionId, row.VenueId, row.TenantId, row.ActionType, row.SubMasked,
        row.Status == CheckInStatus.Unconfirmed ? CheckInStatus.Pending : row.Status, row.LastError, row.CreatedAt, duplicate);
}
