using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Features.Operations;

/// <summary>Readiness checks and metrics: what load balancers and operators watch.</summary>
public static class OperationsExtensions
{
    /// <summary>The tag of the checks <c>/healthz</c> runs (liveness: the process serves and its database answers).</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the checks <c>/healthz/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    public const string ReadyPath = "/healthz/ready";

    public static WebApplicationBuilder AddPortalOperations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<OutboxProbe>();
        services.AddSingleton<PortalMetrics>();
        // Registered so the health-check service resolves them instead of constructing each by reflection on every probe.
        services.AddSingleton<KeysHealthCheck>();
        services.AddScoped<OutboxHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<KeysHealthCheck>("keys", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <c>/healthz/ready</c>: 200 when every readiness check passes, else 503; the body names the checks
    /// and their status only (no descriptions or exception text, which could carry paths or connection details).
    /// </summary>
    public static IEndpointConventionBuilder MapReadiness(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteReadinessAsync,
        });
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new ReadinessBody(
            report.Status == HealthStatus.Healthy ? "ready" : "not_ready",
            [.. report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).Order(StringComparer.Ordinal)],
            report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant()));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ReadinessJson.Options, context.RequestAborted);
    }

    private sealed record ReadinessBody(string Status, IReadOnlyList<string> Failing, IReadOnlyDictionary<string, string> Checks);

    private static class ReadinessJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
