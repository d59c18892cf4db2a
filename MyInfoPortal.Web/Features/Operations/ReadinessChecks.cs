using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.Operations;

/// <summary>
/// Ready when every key the configured modes need can be loaded: the Myinfo client key and Myinfo's
/// certificate, the SafeEntry signing key and the gateway's certificate, the Singpass key set. Loading
/// is done once by the key holders, so later probes cost nothing. Says which, never why.
/// </summary>
public sealed partial class KeysHealthCheck(IServiceProvider services, ILogger<KeysHealthCheck> logger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = new List<string>();
        Try("myinfo", failing, () =>
        {
            var keys = services.GetRequiredService<MyInfoKeys>();
            _ = keys.MyInfoPublicKey;
            if (services.GetRequiredService<IOptions<MyInfoOptions>>().Value.Mode.IsSigned())
            {
                _ = keys.ClientPrivateKey;
            }
        });
        Try("safeentry", failing, () =>
        {
            var keys = services.GetRequiredService<SafeEntryKeys>();
            if (services.GetRequiredService<IOptions<SafeEntryOptions>>().Value.Mode.IsSigned())
            {
                _ = keys.SigningKey;
                _ = keys.GatewayPublicKey;
            }
        });
        Try("singpass", failing, () =>
        {
            if (services.GetRequiredService<IOptions<SingpassOptions>>().Value.Enabled)
            {
                _ = services.GetRequiredService<SingpassKeys>().SigningKey;
            }
        });
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("keys not loaded: " + string.Join(", ", failing)));
    }

    private void Try(string which, List<string> failing, Action load)
    {
        try
        {
            load();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            KeysNotLoaded(logger, which, ex.GetType().Name);
            failing.Add(which);
        }
    }

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Readiness: the {Which} keys could not be loaded ({ErrorType})")]
    private static partial void KeysNotLoaded(ILogger logger, string which, string errorType);
}

/// <summary>Ready while the oldest pending check-in is younger than <c>Health:MaxPendingAge</c>.</summary>
public sealed class OutboxHealthCheck(OutboxProbe outbox, PortalDbContext db, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await outbox.ReadAsync(db, cancellationToken);
        var limit = options.Value.MaxPendingAge;
        return state.OldestPendingAge is { } age && age > limit
            ? HealthCheckResult.Unhealthy($"the oldest pending check-in has waited longer than {limit}")
            : HealthCheckResult.Healthy();
    }
}
