using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Hosting;

public static class RateLimitPolicies
{
    public const string SignIn = "signin";
    public const string Login = "login";
    public const string Callback = "callback";
    public const string CheckIn = "checkin";
}

public static class SecurityExtensions
{
    public static WebApplicationBuilder AddPortalSecurity(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var services = builder.Services;

        // Keys are persisted, never left in the home folder, so a restart keeps sessions and protected
        // values (check-ins waiting to be sent) readable. One instance on SQLite keeps them in a folder
        // beside the database; several instances on PostgreSQL share them through the database.
        var dataProtection = services.AddDataProtection().SetApplicationName("MyInfoPortal");
        if (builder.Configuration.GetValue("Portal:Database", DatabaseProvider.Sqlite) == DatabaseProvider.Postgres)
        {
            dataProtection.PersistKeysToDbContext<Data.PortalDbContext>();
        }
        else
        {
            var keysFolder = builder.Configuration["Portal:DataProtectionKeysPath"] ?? paths.KeysFolder;
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(keysFolder));
        }

        // A base name like every other cookie: SecureTransport makes it __Host-mip-af and Secure over
        // HTTPS, per request, so a plain-HTTP request (a proxy not yet trusted) still gets a working form.
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "mip-af";
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__RequestVerificationToken";
        });

        // A forged or garbled antiforgery cookie makes the framework log an Error (and a Warning about
        // cache headers) although nothing failed on our side; AntiforgeryFailureLog reports each refused
        // token once, as a security Warning, instead. appsettings.json does the same for Serilog's own levels.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Antiforgery", LogLevel.None);

        AddForwardedHeaders(services);

        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(options =>
        {
            options.ValueCountLimit = 64;
            options.ValueLengthLimit = 8 * 1024;
            options.MultipartBodyLengthLimit = 64 * 1024;
        });

        services.AddRateLimiter(options =>
        {
            // RemoteIpAddress is the TCP peer, or the client address a trusted proxy forwarded (applied by
            // the forwarded-headers middleware before this runs). From any other peer X-Forwarded-For is
            // ignored, so a spoofed one cannot move a client into a fresh partition.
            static string PartitionKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

            void Window(string name, int permits, TimeSpan window) =>
                options.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(
                    PartitionKey(context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));

            var limits = builder.Configuration.GetSection("RateLimits");
            Window(RateLimitPolicies.SignIn, limits.GetValue("SignInPerMinute", 10), TimeSpan.FromMinutes(1));
            Window(RateLimitPolicies.Login, limits.GetValue("LoginPerMinute", 30), TimeSpan.FromMinutes(1));
            Window(RateLimitPolicies.Callback, limits.GetValue("CallbackPerMinute", 60), TimeSpan.FromMinutes(1));
            Window(RateLimitPolicies.CheckIn, limits.GetValue("CheckInPerMinute", 120), TimeSpan.FromMinutes(1));

            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                SecurityLog.RateLimited(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(SecurityLog.Category), http.Request.Path.Value);

                // The connector's JSON API answers in its own shape; pages get the designed 429 page.
                if (http.Request.Path.StartsWithSegments("/users/me/external", StringComparison.Ordinal))
                {
                    await http.Response.WriteAsJsonAsync(
                        new { message = "Too many requests. Please wait a minute and try again.", error = "rate_limited" }, cancellationToken);
                }
            };
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestLineSize = 16 * 1024;
        });

        // HSTS is sent by SecurityHeadersMiddleware alone (on every HTTPS response outside Development,
        // error and static pages included), so it never appears twice.
        return builder;
    }

    /// <summary>
    /// Forwarded headers are believed only from <c>Portal:KnownProxies</c> / <c>Portal:KnownNetworks</c>.
    /// The framework's own defaults (loopback trusted) are cleared; see <see cref="UsePortalForwardedHeaders"/>
    /// for the empty case.
    /// </summary>
    private static void AddForwardedHeaders(IServiceCollection services) =>
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PortalOptions>>((forwarded, portal) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in portal.Value.KnownProxyAddresses)
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in portal.Value.KnownProxyNetworks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // Walk back through X-Forwarded-For while each hop is a trusted proxy, and no further: an
            // address the client wrote itself is never reached, because its proxy is not trusted.
            forwarded.ForwardLimit = null;
        });

    /// <summary>
    /// Applies forwarded headers from trusted proxies. With no proxy configured the middleware is left out
    /// entirely: given empty lists it would believe every peer.
    /// </summary>
    public static IApplicationBuilder UsePortalForwardedHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<IOptions<PortalOptions>>().Value.TrustsProxies
            ? app.UseForwardedHeaders()
            : app;
    }
}

internal static partial class SecurityLog
{
    public const string Category = "MyInfoPortal.Security";

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Rate limit reached for {Path}")]
    public static partial void RateLimited(ILogger logger, string? path);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Antiforgery token refused on {Method:l} {Route:l}")]
    public static partial void AntiforgeryRefused(ILogger logger, string method, string? route);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Request body refused on {Method:l} {Route:l}: the form could not be read ({Reason})")]
    public static partial void UnreadableForm(ILogger logger, string method, string? route, string reason);
}
