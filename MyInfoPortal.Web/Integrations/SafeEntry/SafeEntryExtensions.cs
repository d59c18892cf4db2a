using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

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
        services.AddScoped<NonceLedger>();
        services.AddScoped<ICheckInOutbox, CheckInOutbox>();

        // SafeEntryClient enforces RequestTimeout itself; HttpClient's own timeout is only a backstop.
        services.AddHttpClient<SafeEntryClient>((sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<SafeEntryOptions>>().Value.RequestTimeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Certificates are always verified (no custom validation callback) and redirects never followed.
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        services.AddSingleton<SafeEntryDispatcher>();
        services.AddHostedService<SafeEntryDispatcherService>();
        services.AddSingleton<SafeEntryRetention>();
        services.AddHostedService<SafeEntryRetentionService>();
        return builder;
    }
}
