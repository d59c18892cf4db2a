using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;

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

        // The antiforgery cookie's name is fixed at start, so it follows the portal's public address:
        // served over HTTPS it is __Host- prefixed and Secure, like the portal's other cookies.
        var https = builder.Configuration["Portal:BaseUrl"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = https ? "__Host-mip-af" : "mip-af";
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__RequestVerificationToken";
        });

        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(options =>
        {
            options.ValueCountLimit = 64;
            options.ValueLengthLimit = 8 * 1024;
            options.MultipartBodyLengthLimit = 64 * 1024;
        });

        services.AddRateLimiter(options =>
        {
            // RemoteIpAddress is the TCP peer: forwarded headers are not honoured, so a spoofed
            // X-Forwarded-For cannot move a client into a fresh partition.
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

        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        return builder;
    }
}

internal static partial class SecurityLog
{
    public const string Category = "MyInfoPortal.Security";

    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Rate limit reached for {Path}")]
    public static partial void RateLimited(ILogger logger, string? path);
}
