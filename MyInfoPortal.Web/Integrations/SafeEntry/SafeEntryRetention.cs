using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Deletes check-ins and gateway receipts older than SafeEntry:RetentionDays, and nonces older than a day
/// (every signature check refuses timestamps minutes old, so an older nonce can never be replayed).
/// </summary>
public sealed class SafeEntryRetention(IServiceScopeFactory scopes, IOptions<SafeEntryOptions> options, TimeProvider time, ILogger<SafeEntryRetention> logger)
{
    public static readonly TimeSpan NonceRetention = TimeSpan.FromDays(1);

    public async Task<(int CheckIns, int Receipts, int Nonces)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        var nonceCutoff = now - NonceRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var checkIns = await db.CheckIns.Where(c => c.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var receipts = await db.GatewayReceipts.Where(r => r.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var nonces = await db.UsedNonces.Where(n => n.SeenAt < nonceCutoff).ExecuteDeleteAsync(cancellationToken);
        if (checkIns + receipts + nonces > 0)
        {
            SafeEntryLog.Purged(logger, checkIns, receipts, nonces);
        }

        return (checkIns, receipts, nonces);
    }
}

/// <summary>Purges at start and then every hour.</summary>
internal sealed class SafeEntryRetentionService(SafeEntryRetention retention, TimeProvider time, ILogger<SafeEntryRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    await retention.PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SafeEntryLog.PurgeFailed(logger, ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
