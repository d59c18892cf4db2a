using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;

namespace MyInfoPortal.Simulators.Hosting;

/// <summary>
/// The simulators purge their own data, every minute and never on a request's path; the portal's
/// retention never touches it. The gateway simulator keeps its receipts as long as SafeEntry kept
/// records; the nonces of both simulators go once they are older than twice the larger of the two
/// timestamp skews (see <see cref="NonceRetention"/>); authorisation codes go <c>Simulators:MyInfo:CodeRetention</c>
/// (an hour by default) after they expired, so a late exchange is told "expired", not "invalid".
/// </summary>
public sealed class SimulatorHousekeeping(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<SimulatorOptions> options,
    ILogger<SimulatorHousekeeping> logger)
{
    /// <summary>SafeEntry kept its records 25 days.</summary>
    public static readonly TimeSpan ReceiptRetention = TimeSpan.FromDays(25);

    /// <summary>
    /// How long a seen nonce is kept. A request is accepted only while its timestamp is within the skew of
    /// the simulator's clock, so a nonce first seen at <c>s</c> carried a timestamp no later than
    /// <c>s + skew</c>, and any replay of it is refused on its timestamp from <c>s + 2 × skew</c> on: after
    /// that the ledger row guards nothing. Keeping nonces longer only grows the table (at two rows per
    /// sign-in, a day's worth under load ran to gigabytes).
    /// </summary>
    public TimeSpan NonceRetention
    {
        get
        {
            var o = options.Value;
            return 2 * (o.MyInfo.TimestampSkew > o.SafeEntry.TimestampSkew ? o.MyInfo.TimestampSkew : o.SafeEntry.TimestampSkew);
        }
    }

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
        var codeCutoff = now - options.Value.MyInfo.CodeRetention;
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
