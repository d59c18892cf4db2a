using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Features.SignIn;

namespace MyInfoPortal.Web.Integrations.MyInfo;

public static class MyInfoExtensions
{
    /// <summary>The Myinfo v3 client, the sign-in flow and the resident profile.</summary>
    public static WebApplicationBuilder AddMyInfoIntegration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MyInfoKeys>();
        services.TryAddSingleton<PkiSigner>();
        services.AddSingleton<AccessTokenValidator>();

        services.AddHttpClient<IMyInfoClient, MyInfoV3Client>(MyInfoV3Client.HttpClientName, (provider, client) =>
            {
                // The client enforces MyInfo:RequestTimeout per call; this is only a backstop.
                client.Timeout = provider.GetRequiredService<IOptions<MyInfoOptions>>().Value.RequestTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestVersion = HttpVersion.Version11;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect from Myinfo is an error, not somewhere to send a code or token.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            })
            // The request log lines carry the person URL, whose path names the person.
            .RemoveAllLoggers();

        services.AddScoped<LoginFlowStore>();
        services.AddScoped<SignInService>();
        services.AddScoped<ResidentSessionStore>();
        services.AddScoped<IResidentProfileAccessor, ResidentProfileAccessor>();
        services.AddHostedService<ResidentDataHousekeeping>();
        return builder;
    }
}
