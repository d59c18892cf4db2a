using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.Profile;

/// <summary>
/// Deletes expired profiles and finished sign-in flows every minute, so personal data does not outlive
/// its lifetime by more than a minute just because its browser never came back. Sign-ins do no purging
/// of their own: each purge is one indexed range delete here instead of a write on every request.
/// </summary>
public sealed class ResidentDataHousekeeping(IServiceScopeFactory scopes, ILogger<ResidentDataHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MyInfoLog.HousekeepingFailed(logger, ex.GetType().Name);
            }
        }
    }

    public static async Task<(int Sessions, int Flows)> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var scope = scopes.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<ResidentSessionStore>().PurgeExpiredAsync(cancellationToken);
        var flows = await scope.ServiceProvider.GetRequiredService<LoginFlowStore>().PurgeExpiredAsync(cancellationToken);
        return (sessions, flows);
    }
}
