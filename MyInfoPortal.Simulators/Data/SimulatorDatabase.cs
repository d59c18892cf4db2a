using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.Data;

/// <summary>
/// The simulators' schema, made at start from the model. Their data is stand-in data, so there are no
/// migrations: a schema that no longer fits is removed and made again by deleting the SQLite file (or
/// the PostgreSQL schema).
/// </summary>
public static class SimulatorDatabase
{
    // Any fixed number: serialises the schema check of instances starting at once on one PostgreSQL database.
    private const long SchemaLockKey = 0x4D49505F53494D;

    public static void Configure(DbContextOptionsBuilder builder, SimulatorHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(host);
        if (host.Storage == SimulatorStorage.Postgres)
        {
            builder.UseNpgsql(host.ConnectionString);
            return;
        }

        SqliteConnectionWithoutFunctions.Use(builder, host.ConnectionString).AddInterceptors(Pragmas);
    }

    public static async Task InitialiseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        if (!db.Database.IsNpgsql())
        {
            // The simulators' own SQLite file: nothing else lives in it.
            await db.Database.EnsureCreatedAsync(cancellationToken);
            return;
        }

        // PostgreSQL, usually the portal's own database: EnsureCreated would see the portal's tables and do
        // nothing, so the simulators' schema is made when it is missing, by one instance at a time.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [SchemaLockKey], cancellationToken);
            try
            {
                var exists = await db.Database
                    .SqlQueryRaw<bool>("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = {0}) AS \"Value\"", SimulatorDbContext.PostgresSchema)
                    .SingleAsync(cancellationToken);
                if (!exists)
                {
                    await creator.CreateTablesAsync(cancellationToken);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [SchemaLockKey], CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// WAL and a wait for a busy writer, as the portal's own file; but synchronous=NORMAL: in WAL mode a
    /// commit is then safe from a crash of the process, not from a power cut, which for stand-in receipts,
    /// nonces and codes costs nothing worth an fsync per write.
    /// </summary>
    private static readonly SqlitePragmas Pragmas = new("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
}

/// <summary>
/// Makes the schema while the host starts. A lifecycle service registered after the portal's own
/// database initialiser, so on a shared PostgreSQL database the portal's tables are made first.
/// </summary>
internal sealed class SimulatorDatabaseInitializer(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => SimulatorDatabase.InitialiseAsync(services, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Checks what the host supplied.</summary>
internal sealed class SimulatorHostOptionsValidator : IValidateOptions<SimulatorHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            failures.Add("The simulators need the host's absolute base URL (Portal:BaseUrl).");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("The simulators need a database connection string (ConnectionStrings:Simulators).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
