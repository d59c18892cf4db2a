using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Brings the portal's database to this build's schema before anything else runs: adopts a database made
/// by the release before migrations (<see cref="ReleaseV3Adoption"/>), refuses one that a newer version has
/// upgraded, then applies the pending migrations. On PostgreSQL several instances may start at once: all of
/// it runs under one session-level advisory lock, so one instance upgrades while the others wait and then
/// find nothing pending. (EF Core's own migration lock is taken per migration transaction and released at
/// each commit, so two instances could both apply the second of several pending migrations.) SQLite serves
/// one instance.
/// </summary>
public static class DatabaseInitializer
{
    /// <summary>The <see cref="SchemaInfo"/> version of the last release that made its schema with EnsureCreated.</summary>
    public const int ReleaseBeforeMigrationsVersion = 3;

    /// <summary>
    /// Written into <see cref="SchemaInfo"/> by the <c>MigrationsTakeOver</c> migration, and never changed
    /// again: the release before migrations sees a version it does not know and refuses to start.
    /// </summary>
    public const int MigrationsManagedVersion = 4;

    /// <summary>The PostgreSQL advisory lock held while one instance upgrades the schema ("MIP_MIGR").</summary>
    private const long UpgradeLockKey = 0x4D49505F4D494752;

    public static async Task InitialiseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(DataLog.Category);
        var where = DatabaseLocation.Describe(db);

        // One connection for the whole upgrade, holding the lock; EF Core uses it while it stays open.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        try
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [UpgradeLockKey], cancellationToken);
            }

            await UpgradeAsync(db, where, logger, cancellationToken);
        }
        finally
        {
            // Closing the session releases the lock in any case; unlocking first hands it over at once.
            if (postgres && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [UpgradeLockKey], CancellationToken.None);
                }
                catch (System.Data.Common.DbException)
                {
                    // The failure that brought us here is the one to report.
                }
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task UpgradeAsync(PortalDbContext db, DatabaseLocation where, ILogger logger, CancellationToken cancellationToken)
    {
        await ReleaseV3Adoption.AdoptIfNeededAsync(db, where, logger, cancellationToken);

        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        var unknown = applied.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database {where.Name} was upgraded by a newer version of MyInfoPortal: its migrations history names " +
                $"{string.Join(", ", unknown)}, which this version does not know. Nothing was changed. Run that newer version " +
                $"(or a later one), or restore the backup taken before the upgrade; {where.Setting} says which database is used.");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        DataLog.ApplyingMigrations(logger, pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        DataLog.MigrationsApplied(logger, pending.Count);
    }
}

/// <summary>
/// Runs the initialiser before any other hosted service or the server starts. A hosted service rather
/// than a line in Program.cs, so that the test host (which stops Program.cs at Build) gets it too.
/// </summary>
public sealed class DatabaseInitializerService(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => DatabaseInitializer.InitialiseAsync(services, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
