using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Creates the schema from the model (EF Core's design-time tools are not available to this project)
/// and refuses to start on a database made by another schema version, rather than guessing.
/// Bump <see cref="CurrentVersion"/> whenever the model changes.
/// </summary>
public static class DatabaseInitializer
{
    public const int CurrentVersion = 3;

    public static async Task InitialiseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var created = await db.Database.EnsureCreatedAsync(cancellationToken);
        if (created)
        {
            db.SchemaInfo.Add(new SchemaInfo { Id = 1, Version = CurrentVersion });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var info = await db.SchemaInfo.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (info is null || info.Version != CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database was created by schema version {info?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, " +
                $"this build expects version {CurrentVersion}. Back it up and remove it (or point ConnectionStrings:Portal elsewhere) to start afresh.");
        }
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
