using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Deletes accepted check-ins older than SafeEntry:RetentionDays (anything not yet delivered stays until
/// staff resolve it, and is counted on the log and the diagnostics page), and our outbound nonces older than a day (every
/// signature check refuses timestamps minutes old, so an older nonce can never be replayed). The embedded
/// simulators keep and purge their own data.
/// </summary>
public sealed class SafeEntryRetention(IServiceScopeFactory scopes, IOptions<SafeEntryOptions> options, TimeProvider time, ILogger<SafeEntryRetention> logger)
{
    public static readonly TimeSpan NonceRetention = TimeSpan.FromDays(1);

    public async Task<(int CheckIns, int Nonces)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        var nonceCutoff = now - NonceRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var checkIns = await db.CheckIns.Where(c => c.CreatedAt < cutoff && c.Status == CheckInStatus.Accepted).ExecuteDeleteAsync(cancellationToken);
        var nonces = await db.UsedNonces.Where(n => n.SeenAt < nonceCutoff).ExecuteDeleteAsync(cancellationToken);
        if (checkIns + nonces > 0)
        {
            SafeEntryLog.Purged(logger, checkIns, nonces);
        }

        return (checkIns, nonces);
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
