using System.Globalization;
using System.Text.RegularExpressions;
using MyInfoPortal.Web.Common;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace MyInfoPortal.Web.Hosting;

public static partial class LoggingExtensions
{
    /// <summary>
    /// The first stage: a console logger for the moments before configuration is read, so a failed start is
    /// seen. The host's own logger (<see cref="AddPortalLogging"/>) takes over once it is built.
    /// </summary>
    public static ReloadableLogger CreateBootstrapLogger() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
            .CreateBootstrapLogger();

    /// <summary>
    /// The second stage: Serilog from the <c>Serilog</c> section (console by default) plus services that
    /// contribute to it, and a rolling file under the data folder unless <c>Portal:FileLogging</c> is false.
    /// <c>Microsoft.AspNetCore</c> stays at Warning in appsettings.json: its request lines carry query
    /// strings, and the callback's query string holds the authorisation code and state. One line per request
    /// comes from <see cref="UsePortalRequestLogging"/> instead.
    /// </summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder, PortalPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var configuration = services.GetRequiredService<IConfiguration>();
                logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services);
                if (configuration.GetValue("Portal:FileLogging", true))
                {
                    logger.WriteTo.File(
                        Path.Combine(paths.LogsFolder, "portal-.log"),
                        rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: 14,
                        formatProvider: CultureInfo.InvariantCulture);
                }
            },
            // Each host keeps a logger of its own, flushed and closed when the host is disposed; the static
            // Log.Logger stays the bootstrap logger. Several hosts share one process in the tests, where a
            // shared static logger would mix their lines.
            preserveStaticLogger: true,
            // Other logging providers registered with the host (none by default) receive the events too.
            writeToProviders: true);
        return builder;
    }

    /// <summary>
    /// One Information line per request: method, path, status, elapsed time and the request ID shown on
    /// error pages. The query string is never logged (codes and state travel in it); the path is escaped
    /// (one line per request, whatever it holds) and any NRIC/FIN in it masked (the Myinfo simulator's
    /// person route names the person). 5xx answers are Errors; health probes are Debug.
    /// </summary>
    public static WebApplication UsePortalRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} responded {StatusCode} in {Elapsed:0.0} ms (request {RequestId:l})";
            options.IncludeQueryInRequestPath = false;
            options.GetMessageTemplateProperties = (context, _, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(LoggedPath(context.Request))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            options.EnrichDiagnosticContext = (diagnostics, context) =>
                diagnostics.Set("RequestId", System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        return app;
    }

    /// <summary>Path base and path, percent-encoded as on the wire, with every NRIC/FIN masked; never the query.</summary>
    internal static string LoggedPath(HttpRequest request) =>
        NricPattern().Replace((request.PathBase + request.Path).ToUriComponent(), match => Nric.Mask(match.Value));

    [GeneratedRegex("[STFGM][0-9]{7}[A-Z]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NricPattern();
}
