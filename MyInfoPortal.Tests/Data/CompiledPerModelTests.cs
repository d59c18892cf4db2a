using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Data;

/// <summary>
/// Compiled queries are held per EF Core model (Data/CompiledPerModel.cs): a query compiled against the
/// SQLite model must not be handed a PostgreSQL context, which EF Core refuses at run time.
/// </summary>
public sealed class CompiledPerModelTests
{
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<Venue?>>> ByVenueId = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string venueId, CancellationToken _) =>
            db.Venues.AsNoTracking().SingleOrDefault(v => v.VenueId == venueId)));

    [Fact]
    public async Task EachProvidersModelGetsItsOwnCompileAndKeepsIt()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(CancellationToken.None);
        await using var sqlite = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connection).Options);
        await sqlite.Database.EnsureCreatedAsync(CancellationToken.None);

        // The model is all this test needs from PostgreSQL: nothing here connects to a server.
        await using var postgres = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Database=unused").Options);

        var forSqlite = ByVenueId.For(sqlite);
        Assert.Same(forSqlite, ByVenueId.For(sqlite));
        Assert.NotSame(forSqlite, ByVenueId.For(postgres));

        // The SQLite compile really runs against its own model...
        sqlite.Venues.Add(new Venue { VenueId = "V1", Name = "Lobby", CreatedAt = DateTime.UtcNow });
        await sqlite.SaveChangesAsync(CancellationToken.None);
        Assert.Equal("Lobby", (await forSqlite(sqlite, "V1", CancellationToken.None))?.Name);
        Assert.Null(await forSqlite(sqlite, "V2", CancellationToken.None));

        // ...and is the one EF Core refuses for another model, which is why each model gets its own.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => forSqlite(postgres, "V1", CancellationToken.None));
        Assert.Contains("different model", refused.Message, StringComparison.Ordinal);
    }
}
