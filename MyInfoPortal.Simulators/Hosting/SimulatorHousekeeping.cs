using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Simulators.Data;

namespace MyInfoPortal.Simulators.Hosting;

/// <summary>
/// The simulators purge their own data, every minute and never on a request's path; the portal's
/// retention never touches it. The gateway simulator keeps its receipts as long as SafeEntry kept
/// records; the nonces of both simulators go after a day (every signature check refuses timestamps
/// minutes old, so an older nonce can never be replayed);
/// authorisation codes go an hour after they expired (so a late exchange is told "expired", not "invalid").
/// </summary>
public sealed class SimulatorHousekeeping(IServiceScopeFactory scopes, TimeProvider time, ILogger<SimulatorHousekeeping> logger)
{
    /// <summary>SafeEntry kept its records 25 days.</summary>
    public static readonly TimeSpan ReceiptRetention = TimeSpan.FromDays(25);

    public static readonly TimeSpan NonceRetention = TimeSpan.FromDays(1);

    public static readonly TimeSpan CodeRetention = TimeSpan.FromHours(1);

    /// <summary>Often enough that the ledgers stay small under load, each purge one indexed range delete.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async Task<(int Receipts, int Nonces)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var receiptCutoff = now - ReceiptRetention;
        var nonceCutoff = now - NonceRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        var receipts = await db.GatewayReceipts.Where(r => r.ReceivedAt < receiptCutoff).ExecuteDeleteAsync(cancellationToken);
        var nonces = await db.UsedNonces.Where(n => n.SeenAt < nonceCutoff).ExecuteDeleteAsync(cancellationToken);
        var codeCutoff = now - CodeRetention;
        await db.SimulatorAuthCodes.Where(c => c.ExpiresAt < codeCutoff).ExecuteDeleteAsync(cancellationToken);
        if (receipts + nonces > 0)
        {
            SimulatorHostLog.Purged(logger, receipts, nonces);
        }

        return (receipts, nonces);
    }
}

/// <summary>Purges at start and then every <see cref="SimulatorHousekeeping.Interval"/>.</summary>
internal sealed class SimulatorHousekeepingService(SimulatorHousekeeping housekeeping, TimeProvider time, ILogger<SimulatorHousekeepingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SimulatorHousekeeping.Interval, time);
        try
        {
            do
            {
                try
                {
                    await housekeeping.PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SimulatorHostLog.PurgeFailed(logger, ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
