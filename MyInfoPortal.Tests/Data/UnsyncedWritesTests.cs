using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Data;

/// <summary>
/// Sign-in state is committed without a sync of its own (Data/UnsyncedWrites.cs); nothing else may be:
/// every connection goes back to the pool at synchronous=FULL, whatever happened inside the scope.
/// </summary>
public sealed class UnsyncedWritesTests
{
    private const int Normal = 1;
    private const int Full = 2;

    [Fact]
    public async Task InsideTheScopeCommitsAreNotSyncedAndAfterItTheyAreAgain()
    {
        using var factory = new KioskFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.Equal(Full, await SynchronousAsync(db));
        await using (await UnsyncedWrites.BeginAsync(db, CancellationToken.None))
        {
            Assert.Equal(Normal, await SynchronousAsync(db));
        }

        Assert.Equal(Full, await SynchronousAsync(db));
    }

    [Fact]
    public async Task AFailedWriteInsideTheScopeStillLeavesTheConnectionSynced()
    {
        using var factory = new KioskFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(async () =>
        {
            await using (await UnsyncedWrites.BeginAsync(db, CancellationToken.None))
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO NoSuchTable VALUES (1)");
            }
        });

        Assert.Equal(Full, await SynchronousAsync(db));
    }

    [Fact]
    public async Task AfterManyConcurrentSignInWritesEveryPooledConnectionIsBackAtFull()
    {
        using var factory = new KioskFactory();

        // Sixteen scopes at once make the pool hold several physical connections, each used unsynced.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using (await UnsyncedWrites.BeginAsync(db, CancellationToken.None))
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1");
                await Task.Delay(20);
            }
        }));

        // Holding sixteen open at once takes every idle one out of the pool: each says FULL.
        var scopes = Enumerable.Range(0, 16).Select(_ => factory.Services.CreateAsyncScope()).ToList();
        try
        {
            var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<PortalDbContext>()).ToList();
            foreach (var db in contexts)
            {
                await db.Database.OpenConnectionAsync();
            }

            foreach (var db in contexts)
            {
                Assert.Equal(Full, await SynchronousAsync(db));
            }
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private static async Task<long> SynchronousAsync(PortalDbContext db) =>
        await db.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
}
