using Polly.Telemetry;
using Polly.Timeout;

namespace MyInfoPortal.Web.Integrations.Http;

/// <summary>What the outbound clients share about timeouts and the resilience library's own log lines.</summary>
public static class OutboundResilience
{
    /// <summary>
    /// The clients log an upstream timeout themselves, at Warning (it is the other side's failure, not ours);
    /// the resilience library would add an Error line for the same event, so it says Warning too.
    /// </summary>
    public static IServiceCollection AddOutboundResilienceTelemetry(this IServiceCollection services)
    {
        services.Configure<TelemetryOptions>(options =>
            options.SeverityProvider = args => args.Event.EventName == "OnTimeout" ? ResilienceEventSeverity.Warning : args.Event.Severity);
        return services;
    }

    /// <summary>Whether a failed call ran out of time (ours or HttpClient's), as opposed to failing to connect.</summary>
    public static bool IsTimeout(Exception exception) =>
        exception is TimeoutRejectedException or TaskCanceledException { InnerException: TimeoutException };
}
