using Serilog;

namespace MyInfoPortal.Web.Hosting;

public static class LoggingExtensions
{
    /// <summary>A console logger for the moments before configuration is read, so start-up failures are seen.</summary>
    public static Serilog.ILogger CreateBootstrapLogger() =>
        new LoggerConfiguration().MinimumLevel.Information().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger();

    /// <summary>
    /// Serilog from the <c>Serilog</c> section (console and a rolling file under the data folder by default).
    /// <c>Microsoft.AspNetCore</c> stays at Warning in appsettings.json: its request lines carry query strings,
    /// and the callback's query string holds the authorisation code and state.
    /// </summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var configuration = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration);
        if (builder.Configuration.GetValue("Portal:FileLogging", true))
        {
            configuration = configuration.WriteTo.File(
                Path.Combine(paths.LogsFolder, "portal-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        var logger = configuration.CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
