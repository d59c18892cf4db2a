using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Tests.Simulators;

/// <summary>
/// The simulators live in their own project with their own database, and the portal meets them in one
/// place only: these tests hold that boundary.
/// </summary>
public sealed class SimulatorHostingTests
{
    [Fact]
    public void TheUrlsThePortalDerivesAreWhereTheSimulatorsAnswer()
    {
        Assert.Equal(SimulatorDefaults.MyInfoSimulatorPath, SimulatorPaths.MyInfoApi);
        Assert.Equal(SimulatorDefaults.SafeEntrySimulatorPath, SimulatorPaths.SafeEntryEntry);
    }

    [Theory]
    [InlineData("/sim/myinfo", "/_content/MyInfoPortal.Simulators/css/simulator.css")]
    [InlineData("/sim/safeentry", "/_content/MyInfoPortal.Simulators/css/safeentry-sim.css")]
    public async Task SimulatorPagesAreServedWithTheirOwnStylesheets(string path, string stylesheet)
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = (await HtmlForm.ReadAsync(response)).QuerySelector($"link[rel=stylesheet][href^='{stylesheet}']");
        Assert.NotNull(link);

        using var css = await client.GetAsync(new Uri(link.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".sim", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatorTablesLiveInTheirOwnDatabaseFileBesideThePortals()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();

        var data = factory.Folder.Combine("data");
        var portal = await TablesAsync(Path.Combine(data, "portal.db"));
        Assert.Contains("CheckIns", portal);
        Assert.DoesNotContain("GatewayReceipts", portal);
        Assert.DoesNotContain("SimulatorAuthCodes", portal);
        Assert.Equal(["GatewayReceipts", "SimulatorAuthCodes", "UsedNonces"], await TablesAsync(Path.Combine(data, SimulatorHosting.DatabaseFile)));
        Assert.Equal(1, await factory.ReceiptCountAsync());
        Assert.Equal(1, await factory.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync(n => n.Scope == SimulatorNonceLedger.SafeEntry)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.UsedNonces.CountAsync(n => n.Scope == "safeentry-out")));
    }

    [Fact]
    public async Task WithEverySimulatorOffNoneOfTheirRoutesServicesOrTablesExist()
    {
        using var factory = new PortalFactory()
            .With("Simulators:MyInfo:Enabled", "false")
            .With("Simulators:SafeEntry:Enabled", "false")
            .With("Singpass:Mode", "Off")
            .With("Simulators:Singpass:Enabled", "false");
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/sim/myinfo", "/sim/myinfo/v3/authorise", "/sim/safeentry", "/sim/singpass", "/sim/singpass/fapi/.well-known/openid-configuration" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {response.StatusCode}");
        }

        Assert.Null(factory.Services.GetService<SimulatorDbContext>());
        Assert.Empty(factory.Services.GetRequiredService<IVenueSuggestions>().All);
        Assert.Equal(SimulatorStatus.None, factory.Services.GetRequiredService<SimulatorStatus>());
        Assert.False(File.Exists(factory.Folder.Combine("data", SimulatorHosting.DatabaseFile)));
    }

    [Fact]
    public async Task HousekeepingPurgesTheSimulatorsDataByItselfAtStart()
    {
        using var seed = new SafeEntryFactory();
        await seed.EnqueueAsync(SafeEntryFactory.Request());
        await seed.DispatchAsync();
        Assert.Equal(1, await seed.ReceiptCountAsync());

        using var later = new SafeEntryFactory().With("Portal:DataPath", seed.Folder.Combine("data")).With("Portal:CertificatesPath", seed.Folder.Combine("certs"));
        later.Clock.Advance(SimulatorHousekeeping.ReceiptRetention + TimeSpan.FromMinutes(1));
        _ = later.Services;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await later.WithSimulatorDbAsync(async db => await db.GatewayReceipts.CountAsync() + await db.UsedNonces.CountAsync()) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await later.ReceiptCountAsync());
        Assert.Equal(0, await later.WithSimulatorDbAsync(db => db.UsedNonces.CountAsync()));
    }

    [Fact]
    public void ThePortalRefersToSimulatorTypesInItsOneCompositionPlaceOnly()
    {
        var web = RepoPaths.WebProject;
        var offending = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("MyInfoPortal.Simulators", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(web, f))
            .ToList();

        Assert.Equal([Path.Combine("Hosting", "SimulatorHosting.cs")], offending);
    }

    private static async Task<List<string>> TablesAsync(string file)
    {
        Assert.True(File.Exists(file), file + " is missing");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
