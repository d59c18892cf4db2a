using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>
/// The portal in memory in Simulator mode with the real outbox, dispatcher and embedded SafeEntry gateway
/// simulator (the client's connections go to the in-memory server). By default the dispatcher runs only
/// when a test calls <see cref="DispatchAsync"/>, so every outcome is deterministic; with
/// <c>backgroundDispatch</c> it runs by itself and the kiosk waits for the gateway's answer.
/// </summary>
public sealed class KioskFactory : PortalFactory
{
    public KioskFactory(bool backgroundDispatch = false)
    {
        With("SafeEntry:DispatchInBackground", backgroundDispatch ? "true" : "false");
        With("Kiosk:ResultWait", backgroundDispatch ? "00:00:20" : "00:00:00");
    }

    public SafeEntryGatewayControl Gateway => Services.GetRequiredService<SafeEntryGatewayControl>();

    /// <summary>One dispatch pass, as the background dispatcher would run it.</summary>
    public Task<int> DispatchAsync() => Services.GetRequiredService<SafeEntryDispatcher>().DispatchDueAsync(CancellationToken.None);

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// <summary>The embedded simulators' own database.</summary>
    public async Task<T> WithSimulatorDbAsync<T>(Func<SimulatorDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SimulatorDbContext>());
    }

    public Task<List<GatewayReceipt>> GatewayReceiptsAsync() =>
        WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().OrderBy(r => r.Id).ToListAsync());

    /// <summary>The full value behind a stored protected field, to check what would be sent.</summary>
    public string Unprotect(string protectedValue) => Services.GetRequiredService<CheckInProtector>().Unprotect(protectedValue);

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddHttpClient<SafeEntryClient>().ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());

        // The Myinfo client reaches the embedded Myinfo simulator the same way, for residents signing in.
        services.AddHttpClient(MyInfoV3Client.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());

        // And the Singpass client its FAPI simulator.
        services.AddHttpClient(SingpassHttp.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
    }
}
