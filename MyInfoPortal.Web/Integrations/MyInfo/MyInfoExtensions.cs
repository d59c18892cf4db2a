using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Http;
using Polly;
using Polly.Retry;

namespace MyInfoPortal.Web.Integrations.MyInfo;

public static class MyInfoExtensions
{
    /// <summary>The Myinfo v3 client: our keys, the access-token validator and the signed HttpClient.</summary>
    public static WebApplicationBuilder AddMyInfoIntegration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MyInfoKeys>();
        services.TryAddSingleton<PkiSigner>();
        services.AddSingleton<AccessTokenValidator>();

        services.AddMyInfoHttpClient();
        return builder;
    }

    /// <summary>
    /// The typed HttpClient behind <see cref="IMyInfoClient"/>, from the outside in: the resilience handler
    /// (timeouts; one retry for the person call), the response buffer (so the timeout covers the body too),
    /// then <see cref="MyInfoRequestSigner"/>, which signs each attempt afresh, then the socket handler.
    /// Needs <see cref="MyInfoOptions"/>, <see cref="MyInfoKeys"/>, <see cref="PkiSigner"/> and
    /// <see cref="AccessTokenValidator"/> registered.
    /// </summary>
    public static IHttpClientBuilder AddMyInfoHttpClient(this IServiceCollection services)
    {
        services.AddOutboundResilienceTelemetry();
        services.TryAddTransient<MyInfoRequestSigner>();
        var http = services.AddHttpClient<IMyInfoClient, MyInfoV3Client>(MyInfoV3Client.HttpClientName, client =>
            {
                // The resilience pipeline bounds every call; HttpClient's own timeout would only cut a retry short.
                client.Timeout = Timeout.InfiniteTimeSpan;
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

        // Two pipelines, chosen by method. The token call (POST) spends an authorisation code that works
        // once: once it has been sent it is never sent again, whatever happens, so it gets only a timeout.
        // The person call (GET) changes nothing upstream: one more attempt after a connection failure or a
        // gateway error (502/503/504), as before. A timed-out attempt is not repeated, so a resident waits
        // at most about two timeouts.
        http.AddResilienceHandler("myinfo", (pipeline, context) =>
            {
                var timeout = context.ServiceProvider.GetRequiredService<IOptions<MyInfoOptions>>().Value.RequestTimeout;
                if (context.InstanceName == PersonPipeline)
                {
                    var logger = context.ServiceProvider.GetRequiredService<ILogger<MyInfoV3Client>>();
                    pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                    {
                        MaxRetryAttempts = 1,
                        BackoffType = DelayBackoffType.Constant,
                        Delay = TimeSpan.FromMilliseconds(250),
                        ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                            .Handle<HttpRequestException>()
                            .HandleResult(response => response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout),
                        OnRetry = args =>
                        {
                            if (args.Outcome.Result is { } response)
                            {
                                MyInfoLog.PersonCallFailed(logger, (int)response.StatusCode);
                            }
                            else if (args.Outcome.Exception is HttpRequestException failure)
                            {
                                MyInfoLog.Unreachable(logger, "person", failure.HttpRequestError.ToString());
                            }

                            MyInfoLog.RetryingPerson(logger, args.AttemptNumber + 2);
                            return ValueTask.CompletedTask;
                        },
                    });
                }

                pipeline.AddTimeout(timeout);
            })
            .SelectPipelineBy(_ => request => request.Method == HttpMethod.Get ? PersonPipeline : TokenPipeline);

        http.AddHttpMessageHandler(() => new ResponseBufferingHandler(MyInfoV3Client.MaxPersonResponseBytes))
            .AddHttpMessageHandler<MyInfoRequestSigner>();
        return http;
    }

    private const string PersonPipeline = "person";
    private const string TokenPipeline = "token";
}
