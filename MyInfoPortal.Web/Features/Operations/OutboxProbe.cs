using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Operations;

/// <summary>How many check-ins wait for the gateway, and how long the oldest has waited.</summary>
public sealed record OutboxState(int Pending, TimeSpan? OldestPendingAge);

/// <summary>
/// Reads the outbox's state for the readiness check and the gauges, with its own read-only query (the
/// outbox and its dispatcher are not involved, so reading never claims or delays a row).
/// </summary>
public sealed partial class OutboxProbe(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxProbe> logger)
{
    public async Task<OutboxState> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ReadAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), cancellationToken);
    }

    /// <summary>The same, on a context the caller already holds (the readiness check has one in its scope).</summary>
    public async Task<OutboxState> ReadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var state = await PendingQuery.For(db)(db, cancellationToken);
        return state is null || state.Count == 0
            ? new OutboxState(0, null)
            : new OutboxState(state.Count, state.Oldest is { } oldest ? Age(oldest) : null);
    }

    /// <summary>
    /// Waiting to be sent: pending, or sent with no answer and waiting to be sent again. One statement for
    /// both figures, compiled once: the readiness probe runs it on every call, and a compiled query skips
    /// EF Core's per-call lookup of the LINQ expression in its query cache.
    /// </summary>
    private static readonly CompiledPerModel<Func<PortalDbContext, CancellationToken, Task<PendingSummary?>>> PendingQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, CancellationToken _) => db.CheckIns.AsNoTracking()
            .Where(c => c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed)
            .GroupBy(_ => 1)
            .Select(g => new PendingSummary(g.Count(), g.Min(c => (DateTime?)c.CreatedAt)))
            .SingleOrDefault()));

    private sealed record PendingSummary(int Count, DateTime? Oldest);

    /// <summary>For the depth gauge: nothing is reported while the database cannot be read.</summary>
    internal IEnumerable<Measurement<int>> ObserveDepth() =>
        Observe() is { } state ? [new Measurement<int>(state.Pending)] : [];

    /// <summary>For the age gauge: zero when nothing waits.</summary>
    internal IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Observe() is { } state ? [new Measurement<double>(state.OldestPendingAge?.TotalSeconds ?? 0)] : [];

    private OutboxState? Observe()
    {
        try
        {
            // Gauges are read synchronously by the listener (dotnet-counters, a test's MeterListener).
            return ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            OutboxUnreadable(logger, ex.GetType().Name);
            return null;
        }
    }

    private TimeSpan Age(DateTime createdAt)
    {
        var age = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "The outbox gauges could not read the database ({ErrorType})")]
    private static partial void OutboxUnreadable(ILogger logger, string errorType);
}
