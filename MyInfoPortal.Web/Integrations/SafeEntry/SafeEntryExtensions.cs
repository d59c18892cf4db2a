using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Http;
using Polly;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

public static class SafeEntryExtensions
{
    public static WebApplicationBuilder AddSafeEntryIntegration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<PkiSigner>();
        services.AddSingleton<SafeEntryKeys>();
        services.AddSingleton<CheckInProtector>();
        services.AddSingleton<VisitorLookup>();
        services.AddSingleton<SafeEntryDispatchSignal>();
        services.AddSingleton<CheckInOutcomeSignal>();
        services.AddScoped<NonceLedger>();
        services.AddScoped<ICheckInOutbox, CheckInOutbox>();
        services.AddScoped<OutboxStatistics>();

        services.AddOutboundResilienceTelemetry();
        services.AddTransient<SafeEntryRequestSigner>();
        var http = services.AddHttpClient<SafeEntryClient>(client =>
                // The resilience pipeline's timeout bounds every call.
                client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Certificates are always verified (no custom validation callback) and redirects never followed.
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        // Signed as the call leaves, before the timeout starts: recording the nonce is a database write of
        // ours, and SafeEntry:RequestTimeout measures the gateway only. One call is one attempt (see below),
        // so each attempt still has its own nonce and timestamp.
        http.AddHttpMessageHandler<SafeEntryRequestSigner>();

        // A timeout and nothing else. A POST that may have reached the gateway is never repeated here: the
        // API has no idempotency key, so a second copy would be a second check-in. Retries belong to the
        // outbox, which records every attempt and spaces them out (SafeEntryDispatcher). Were a retry ever
        // added here, the signer would have to move inside it.
        http.AddResilienceHandler("safeentry", (pipeline, context) =>
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SafeEntryOptions>>().Value.RequestTimeout));

        // Inside the timeout: the body is read within it.
        http.AddHttpMessageHandler(() => new ResponseBufferingHandler(SafeEntryClient.MaxResponseBytes));

        services.AddSingleton<SafeEntryDispatcher>();
        services.AddHostedService<SafeEntryDispatcherService>();
        services.AddSingleton<SafeEntryRetention>();
        services.AddHostedService<SafeEntryRetentionService>();
        return builder;
    }
}
