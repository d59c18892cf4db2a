using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace MyInfoPortal.Tests.Smoke;

/// <summary>
/// The one line Serilog writes per request (security.md G): method, path, status, elapsed time and request
/// ID; never the query string, where codes and state travel.
/// </summary>
public sealed class RequestLoggingTests
{
    private const string RequestLogger = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Fact]
    public async Task RequestLineHasMethodPathStatusElapsedAndTheErrorPageRequestIdButNoQueryString()
    {
        using var factory = new SinkFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/no-such-page?code=code-in-the-query&state=state-in-the-query", UriKind.Relative));
        var page = await HtmlForm.ReadAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = await factory.RequestLineAsync("/no-such-page");
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal(["Elapsed", "RequestId", "RequestMethod", "RequestPath", "SourceContext", "StatusCode"], line.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("GET", Scalar(line, "RequestMethod"));
        Assert.Equal(404, Scalar(line, "StatusCode"));
        Assert.IsType<double>(Scalar(line, "Elapsed"));
        Assert.Equal(page.QuerySelector("[data-testid=request-id]")!.TextContent.Trim(), Scalar(line, "RequestId"));
        var rendered = line.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("HTTP GET /no-such-page responded 404 in ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("in-the-query", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Events, e => e.Properties.ContainsKey("QueryString"));
        Assert.DoesNotContain(factory.Events, e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("in-the-query", StringComparison.Ordinal) ||
            e.Properties.Values.Any(v => v.ToString().Contains("in-the-query", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PathThatNamesAPersonIsLoggedMasked()
    {
        using var factory = new SinkFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/sim/myinfo/v3/person/S7204518A/?client_id=MYINFOPORTAL-SIM&attributes=name", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var line = await factory.RequestLineAsync("/sim/myinfo/v3/person/*****518A/");
        Assert.Equal(401, Scalar(line, "StatusCode"));
        Assert.DoesNotContain(factory.Events, e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("S7204518A", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControlCharactersInThePathStayEscapedOnOneLine()
    {
        using var factory = new SinkFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/nothing%0D%0AInjected%20line", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = await factory.RequestLineAsync("/nothing%0D%0AInjected%20line");
        Assert.DoesNotContain('\n', line.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task HealthProbesStayBelowInformation()
    {
        using var factory = new SinkFactory();
        using var client = factory.CreateClient();

        using var probe = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        await factory.RequestLineAsync("/");
        Assert.DoesNotContain(factory.Events, e => IsRequestLine(e) && Equals(Scalar(e, "RequestPath"), "/healthz"));
    }

    private static object? Scalar(LogEvent e, string name) => e.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value : null;

    private static bool IsRequestLine(LogEvent e) => Equals(Scalar(e, "SourceContext"), RequestLogger);

    /// <summary>The portal with a Serilog sink of the test's own, which the app picks up from its services.</summary>
    private sealed class SinkFactory : PortalFactory
    {
        private readonly Sink _sink = new();

        public IReadOnlyCollection<LogEvent> Events => _sink.Events;

        /// <summary>The request line for a path; it is written as the response completes, so it may trail the answer.</summary>
        public async Task<LogEvent> RequestLineAsync(string path)
        {
            for (var i = 0; i < 50; i++)
            {
                var line = _sink.Events.FirstOrDefault(e => IsRequestLine(e) && Equals(Scalar(e, "RequestPath"), path));
                if (line is not null)
                {
                    return line;
                }

                await Task.Delay(100);
            }

            throw new Xunit.Sdk.XunitException("No request line for " + path + " among:\n" +
                string.Join('\n', _sink.Events.Where(IsRequestLine).Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture))));
        }

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddSingleton<ILogEventSink>(_sink);

        private sealed class Sink : ILogEventSink
        {
            public ConcurrentQueue<LogEvent> Events { get; } = new();

            public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
        }
    }
}
