using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyInfoPortal.Web.Data;

/// <summary>/healthz: the database answers. Says nothing else, so it is safe to expose.</summary>
public sealed class DatabaseHealthCheck(PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database unreachable");
}
