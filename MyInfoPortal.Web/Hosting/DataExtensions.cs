using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Hosting;

public static class DataExtensions
{
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var provider = builder.Configuration.GetValue("Portal:Database", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString("Portal");

        // The schema is made and upgraded by migrations at start (Data/DatabaseInitializer.cs), one set per
        // provider, so each provider has its own context type; services ask for PortalDbContext. Contexts are
        // pooled: a request reuses one whose internal services are already built, instead of building them
        // again for each (EF Core resets a context's state before it goes back to the pool).
        builder.Services.AddHostedService<DatabaseInitializerService>();
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContextPool<PortalDbContext, PostgresPortalDbContext>(options =>
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Portal is required when Portal:Database is Postgres.");
                }

                options.UseNpgsql(connectionString);
            });
            return builder;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Directory.CreateDirectory(paths.DataFolder);
            connectionString = $"Data Source={Path.Combine(paths.DataFolder, "portal.db")}";
        }

        builder.Services.AddDbContextPool<PortalDbContext, SqlitePortalDbContext>(options =>
            SqliteConnectionWithoutFunctions.Use(options, connectionString).AddInterceptors(Pragmas));
        return builder;
    }

    /// <summary>
    /// The portal's SQLite file is in WAL mode (readers never wait for the writer, and a commit appends to
    /// the log instead of rewriting pages), commits are synced with synchronous=FULL (an acknowledged check-in
    /// survives power loss; sign-in state opts out for its own writes, see Data/UnsyncedWrites.cs), a busy
    /// writer is waited for instead of failing at once, and foreign keys are enforced. Set once per physical
    /// connection.
    /// </summary>
    private static readonly SqlitePragmas Pragmas = new("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
}
