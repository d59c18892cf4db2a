using System.Net;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Features.SignIn;

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

        services.AddHttpClient<SingpassHttp>(SingpassHttp.HttpClientName, (provider, client) =>
            {
                // SingpassHttp enforces Singpass:RequestTimeout per call; this is only a backstop.
                client.Timeout = provider.GetRequiredService<IOptions<SingpassOptions>>().Value.RequestTimeout + TimeSpan.FromSeconds(5);
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

        services.AddScoped<SingpassSignInService>();
        return builder;
    }
}
