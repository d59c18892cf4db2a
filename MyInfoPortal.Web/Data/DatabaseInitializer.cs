using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Brings the portal's database to this build's schema before anything else runs: adopts a database made
/// by the release before migrations (<see cref="ReleaseV3Adoption"/>), refuses one that a newer version has
/// upgraded, then applies the pending migrations. On PostgreSQL several instances may start at once: the
/// adoption runs under an advisory lock, and EF Core's <c>MigrateAsync</c> (9 and later) holds
/// <c>LOCK TABLE "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE</c> while it reads the history and
/// applies, so each migration runs once and the others find it applied. SQLite serves one instance.
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

    public static async Task InitialiseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(DataLog.Category);
        var where = DatabaseLocation.Describe(db);

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
