using System.Net;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.Http;
using Polly;

namespace MyInfoPortal.Web.Integrations.Singpass;

public static class SingpassExtensions
{
    /// <summary>The Singpass FAPI 2.0 client: options, our keys, discovery, and one HttpClient for every call.</summary>
    public static WebApplicationBuilder AddSingpassIntegration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SingpassOptions>().BindConfiguration(SingpassOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SingpassOptions>, SingpassOptionsValidator>();
        services.AddSingleton<SingpassKeys>();
        services.AddSingleton<SingpassDiscovery>();
        services.AddScoped<SingpassClient>();

        var http = services.AddHttpClient<SingpassHttp>(SingpassHttp.HttpClientName, client =>
            {
                // The resilience pipeline bounds every call; HttpClient's own timeout is not used.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestVersion = HttpVersion.Version11;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect from Singpass is an error, not somewhere to send a code, a token or a proof.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            })
            .RemoveAllLoggers();

        // A timeout and nothing else: PAR, token and userinfo calls each carry a single-use assertion or
        // DPoP proof, so none is repeated here (the client retries only when Singpass asks for a DPoP nonce).
        http.AddResilienceHandler("singpass", (pipeline, context) =>
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<SingpassOptions>>().Value.RequestTimeout));

        // Inside the timeout: the body is read within it, one byte past the limit at most.
        http.AddHttpMessageHandler(() => new ResponseBufferingHandler(SingpassHttp.MaxResponseBytes));
        return builder;
    }
}
