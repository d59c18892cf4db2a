using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>
/// Stand-in for the SafeEntry outbox: stores rows in the real CheckIns table and settles each one at
/// once with the outcome the test scripts (accepted by default).
/// </summary>
public sealed class FakeOutbox(IServiceScopeFactory scopes, TimeProvider time) : ICheckInOutbox
{
    public Func<CheckInRequest, (CheckInStatus Status, string? Error)> Gateway { get; set; } = _ => (CheckInStatus.Accepted, null);

    public ConcurrentQueue<CheckInRequest> Received { get; } = new();

    public async Task<CheckInReceipt> EnqueueAsync(CheckInRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var existing = await db.CheckIns.AsNoTracking().SingleOrDefaultAsync(c => c.SubmissionId == request.SubmissionId, cancellationToken);
        if (existing is not null)
        {
            return Receipt(existing, true);
        }

        Received.Enqueue(request);
        var (status, error) = Gateway(request);
        var now = time.GetUtcNow().UtcDateTime;
        var row = new CheckIn
        {
            SubmissionId = request.SubmissionId,
            VenueId = request.VenueId,
            TenantId = request.TenantId,
            ActionType = request.ActionType,
            SubType = request.SubType,
            ProtectedSub = "protected:" + Hashing.Sha256Hex(request.Sub),
            SubMasked = Nric.Mask(request.Sub),
            SubLookup = FakeVisitorLookup.Compute(request.Sub),
            ProtectedMobileNo = "protected",
            MobileMasked = MobileNumber.Mask(request.MobileNo),
            Source = request.Source,
            CreatedBy = request.CreatedBy,
            CreatedAt = now,
            Status = status,
            Attempts = status == CheckInStatus.Pending ? 0 : 1,
            NextAttemptAt = now,
            LastError = error,
            AcceptedAt = status == CheckInStatus.Accepted ? now : null,
        };
        db.CheckIns.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return Receipt(row, false);
    }

    public async Task<CheckInReceipt?> FindAsync(Guid submissionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var row = await db.CheckIns.AsNoTracking().SingleOrDefaultAsync(c => c.SubmissionId == submissionId, cancellationToken);
        return row is null ? null : Receipt(row, false);
    }

    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.CheckIns.Where(c => c.Id == id && (c.Status == CheckInStatus.Failed || c.Status == CheckInStatus.NeedsAttention))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CheckInStatus.Pending).SetProperty(c => c.LastError, (string?)null), cancellationToken) == 1;
    }

    private static CheckInReceipt Receipt(CheckIn row, bool duplicate) =>
        new(row.Id, row.SubmissionId, row.VenueId, row.TenantId, row.ActionType, row.SubMasked, row.Status, row.LastError, row.CreatedAt, duplicate);
}

public sealed class FakeVisitorLookup : IVisitorLookup
{
    public static string Compute(string sub) => Hashing.Sha256Hex("lookup:" + Nric.Normalise(sub));

    public string For(string sub) => Compute(sub);
}

/// <summary>The portal with the fake outbox in place of the SafeEntry pipeline.</summary>
public sealed class KioskFactory : PortalFactory
{
    public FakeOutbox Outbox => Services.GetRequiredService<FakeOutbox>();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<FakeOutbox>();
        services.RemoveAll<ICheckInOutbox>();
        services.AddSingleton<ICheckInOutbox>(sp => sp.GetRequiredService<FakeOutbox>());
        services.RemoveAll<IVisitorLookup>();
        services.AddSingleton<IVisitorLookup, FakeVisitorLookup>();
    }
}
