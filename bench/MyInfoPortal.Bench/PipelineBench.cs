using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Bench;

/// <summary>
/// The check-in pipeline as the kiosk drives it: submissions written to the SQLite outbox
/// (synchronous=FULL), then dispatched (JWE + PKI_SIGN per attempt) to the embedded gateway simulator,
/// which verifies, decrypts, validates and records each one. The portal runs in memory on a temp folder.
/// </summary>
internal sealed class PipelineBench : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mip-bench-").FullName;

    static PipelineBench()
    {
        // Keep the figures readable: per-request lines (and the in-memory server's body-size warnings) would drown them.
        Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Default", "Error");
        foreach (var category in new[] { "Microsoft", "Microsoft.AspNetCore", "Microsoft.Hosting.Lifetime" })
        {
            Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Override__" + category, "Error");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Portal:BaseUrl", "http://localhost");
        builder.UseSetting("Portal:DataPath", Path.Combine(_folder, "data"));
        builder.UseSetting("Portal:CertificatesPath", Path.Combine(_folder, "certs"));
        builder.UseSetting("Portal:FileLogging", "false");

        // The benchmark measures the pipeline against the embedded simulators in the Production environment.
        builder.UseSetting("Simulators:AllowOutsideDevelopment", "true");
        builder.UseSetting("SafeEntry:DispatchInBackground", "false");
        builder.ConfigureTestServices(services =>
            services.AddHttpClient<SafeEntryClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }

    public async Task RunAsync(int submissions, int concurrency)
    {
        using var client = CreateClient();
        var venue = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE";

        await Measure.RunAsync($"Outbox write ({concurrency} concurrent, SQLite FULL)", submissions, concurrency, async i =>
        {
            await using var scope = Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<ICheckInOutbox>();
            var action = i % 2 == 0 ? "checkin" : "checkout";
            await outbox.EnqueueAsync(new CheckInRequest(Guid.NewGuid(), venue, null, action, "uinfin", "S9960846C", "91234567", CheckInSource.Kiosk, "bench"), CancellationToken.None);
        });

        var dispatcher = Services.GetRequiredService<SafeEntryDispatcher>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        int batch;
        while ((batch = await dispatcher.DispatchDueAsync(CancellationToken.None)) > 0)
        {
            sent += batch;
        }

        clock.Stop();
        await using var check = Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        var accepted = await db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted);
        var receipts = await check.ServiceProvider.GetRequiredService<SimulatorDbContext>().GatewayReceipts.CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"Dispatch to gateway simulator (end to end)",-44} {sent,8} {sent / clock.Elapsed.TotalSeconds,12:N0}   accepted {accepted}, gateway receipts {receipts}, {clock.Elapsed.TotalSeconds:N1} s"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
