using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Data;

/// <summary>
/// Both SQLite files are used through a connection without EF Core's decimal and regexp SQL functions
/// (Hosting/SqliteConnectionWithoutFunctions.cs), which is safe only while no model stores a decimal.
/// </summary>
public sealed class SqliteConnectionTests
{
    [Fact]
    public async Task NeitherModelStoresADecimalSoNoQueryNeedsTheMissingFunctions()
    {
        using var factory = new KioskFactory();
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.Empty(Decimals(scope.ServiceProvider.GetRequiredService<PortalDbContext>().Model));
        Assert.Empty(Decimals(scope.ServiceProvider.GetRequiredService<SimulatorDbContext>().Model));
    }

    [Fact]
    public async Task TheFunctionsAreReallyAbsentAndOrdinaryQueriesStillRun()
    {
        using var factory = new KioskFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var portal = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var simulators = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();

        // The set-up is in force on both files: what EF Core would have registered is not there...
        var portalError = await Assert.ThrowsAsync<SqliteException>(() => portal.Database.ExecuteSqlRawAsync("SELECT ef_add(1, 2)"));
        var simulatorError = await Assert.ThrowsAsync<SqliteException>(() => simulators.Database.ExecuteSqlRawAsync("SELECT regexp('a', 'a')"));
        Assert.Contains("no such function: ef_add", portalError.Message, StringComparison.Ordinal);
        Assert.Contains("no such function: regexp", simulatorError.Message, StringComparison.Ordinal);

        // ...and the queries EF Core writes for these models do not need it.
        Assert.Equal(0, await portal.CheckIns.CountAsync(c => c.CreatedAt < DateTime.UtcNow));
        Assert.Equal(0, await simulators.GatewayReceipts.CountAsync());
    }

    private static List<string> Decimals(IModel model) =>
    [
        .. model.GetEntityTypes()
            .SelectMany(e => e.GetProperties())
            .Where(p => (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(decimal)
                || (Nullable.GetUnderlyingType(p.GetProviderClrType() ?? p.ClrType) ?? p.ClrType) == typeof(decimal))
            .Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}"),
    ];
}
