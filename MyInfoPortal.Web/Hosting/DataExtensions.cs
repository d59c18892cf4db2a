using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Hosting;

public static class DataExtensions
{
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var provider = builder.Configuration.GetValue("Portal:Database", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString("Portal");

        // The schema is made and upgraded by migrations at start (Data/DatabaseInitializer.cs), one set per
        // provider, so each provider has its own context type; services ask for PortalDbContext.
        builder.Services.AddHostedService<DatabaseInitializerService>();
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<PortalDbContext, PostgresPortalDbContext>(options =>
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

        builder.Services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(options =>
            options.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance));
        return builder;
    }

    /// <summary>
    /// Every SQLite connection runs with synchronous=FULL (an acknowledged write survives power loss)
    /// and waits for a busy writer instead of failing at once.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
