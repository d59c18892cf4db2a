using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>
/// The portal in memory in Simulator mode, with the SafeEntry client's connections routed to the in-memory
/// server (so it reaches the embedded gateway simulator), the background dispatcher off unless asked for
/// (tests run dispatch passes by hand against the test clock), and every log line captured.
/// </summary>
public sealed class SafeEntryFactory : PortalFactory
{
    public SafeEntryFactory(bool backgroundDispatch = false)
    {
        With("SafeEntry:DispatchInBackground", backgroundDispatch ? "true" : "false");
        With("SafeEntry:InitialBackoff", "00:00:02");
        With("SafeEntry:MaxBackoff", "00:01:00");

        // Shorter than PastAnyBackoff, so a test that moves the clock past any backoff also passes this wait.
        With("SafeEntry:UnconfirmedRetryDelay", UnconfirmedRetryDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>SafeEntry:UnconfirmedRetryDelay in these tests.</summary>
    public static TimeSpan UnconfirmedRetryDelay => TimeSpan.FromSeconds(30);

    /// <summary>Set before the first request; returns this factory for chaining.</summary>
    public new SafeEntryFactory With(string key, string? value)
    {
        base.With(key, value);
        return this;
    }

    /// <summary>How far to move the clock so that any backoff has certainly passed.</summary>
    public static TimeSpan PastAnyBackoff => TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);

    public SafeEntryGatewayControl Gateway => Services.GetRequiredService<SafeEntryGatewayControl>();

    public SafeEntryDispatcher Dispatcher => Services.GetRequiredService<SafeEntryDispatcher>();

    public Task<int> DispatchAsync() => Dispatcher.DispatchDueAsync(CancellationToken.None);

    public async Task<CheckInReceipt> EnqueueAsync(CheckInRequest request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICheckInOutbox>().EnqueueAsync(request, CancellationToken.None);
    }

    /// <summary>The outbox's wait for the gateway's answer, as the kiosk runs it, on a scope of its own.</summary>
    public async Task<CheckInReceipt?> WaitForOutcomeAsync(CheckInReceipt receipt, TimeSpan timeout)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICheckInOutbox>().WaitForOutcomeAsync(receipt, timeout, CancellationToken.None);
    }

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

    public Task<CheckIn> CheckInAsync(Guid submissionId) =>
        WithDbAsync(db => db.CheckIns.AsNoTracking().SingleAsync(c => c.SubmissionId == submissionId));

    public Task<int> ReceiptCountAsync() => WithSimulatorDbAsync(db => db.GatewayReceipts.CountAsync());

    public static CheckInRequest Request(
        string sub = "S9960846C", string mobile = "+65 9237 6345", string venue = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE",
        string? tenant = null, string action = "checkin", string subType = "uinfin", Guid? id = null) =>
        new(id ?? Guid.NewGuid(), venue, tenant, action, subType, sub, mobile, CheckInSource.Kiosk, "tester");

    /// <summary>When set, the SafeEntry client talks to this handler instead of the in-memory server.</summary>
    public HttpMessageHandler? GatewayHandler { get; init; }

    public string CertificatePath(string fileName) => Folder.Combine("certs", fileName);

    /// <summary>More test services (e.g. a database interceptor), added after the factory's own.</summary>
    public Action<IServiceCollection>? MoreServices { get; init; }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddHttpClient<SafeEntryClient>().ConfigurePrimaryHttpMessageHandler(() => GatewayHandler is null ? Server.CreateHandler() : new NonDisposingHandler(GatewayHandler));
        MoreServices?.Invoke(services);
    }
}

/// <summary>One portal shared by the cases of a theory that each leave nothing behind but what they count.</summary>
public sealed class SharedSafeEntry : IDisposable
{
    internal RecordingGateway StubGateway { get; } = new();

    /// <summary>Talks to the embedded gateway simulator.</summary>
    public SafeEntryFactory WithSimulator { get; } = new();

    /// <summary>Talks to <see cref="StubGateway"/>.</summary>
    internal SafeEntryFactory WithStub => _withStub.Value;

    private readonly Lazy<SafeEntryFactory> _withStub;

    public SharedSafeEntry()
    {
        _withStub = new Lazy<SafeEntryFactory>(() => new SafeEntryFactory { GatewayHandler = StubGateway });
    }

    public void Dispose()
    {
        WithSimulator.Dispose();
        if (_withStub.IsValueCreated)
        {
            _withStub.Value.Dispose();
        }

        StubGateway.Dispose();
    }
}
