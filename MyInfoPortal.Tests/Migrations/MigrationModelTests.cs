using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Migrations;

/// <summary>
/// The migrations keep up with the model, for both providers: a model change without a migration in each
/// set fails here (and the portal would refuse to migrate at start). The fix is in the README's
/// "Database migrations" section: <c>dotnet ef migrations add</c> once per provider.
/// </summary>
public sealed class MigrationModelTests
{
    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: dotnet ef migrations add <Name> --project MyInfoPortal.Web --context SqlitePortalDbContext");
    }

    [Fact]
    public void PostgresMigrationsMatchTheModel()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: dotnet ef migrations add <Name> --project MyInfoPortal.Web --context PostgresPortalDbContext");
    }

    [Fact]
    public void BothProvidersHaveTheSameMigrationsInTheSameOrder()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
        Assert.Equal("InitialSchema", Names(sqlite).First());
    }

    [Fact]
    public void AModelChangeWithoutAMigrationIsSeen()
    {
        // The same context type (so the same migrations), with one column more in its model.
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite("Data Source=:memory:")
            .ReplaceService<IModelCustomizer, ExtraColumn>()
            .Options);

        Assert.True(db.Database.HasPendingModelChanges());
    }

    private static SqlitePortalDbContext Sqlite() => new SqlitePortalDbContextFactory().CreateDbContext([]);

    private static PostgresPortalDbContext Postgres() => new PostgresPortalDbContextFactory().CreateDbContext([]);

    private sealed class ExtraColumn(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Venue>().Property<string>("Colour");
        }
    }
}
