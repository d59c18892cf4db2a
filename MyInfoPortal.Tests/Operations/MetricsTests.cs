using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.MyInfo;
using MyInfoPortal.Tests.SafeEntry;
using MyInfoPortal.Web.Features.Operations;

namespace MyInfoPortal.Tests.Operations;

/// <summary>Issue 11 item 8: the meter <c>MyInfoPortal</c> moves with real sign-ins and check-ins.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task MyinfoSignInsAreCountedStartedCompletedAndFailedWithTheirReason()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        using var metrics = new PortalMeterListener(factory);

        using (var callback = await SimulatorDriver.PageFlowToCallbackAsync(browser, "S7204518A"))
        using (var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        }

        using (var denied = await SimulatorDriver.PageFlowToCallbackAsync(browser, "S7204518A", decision: "deny"))
        {
            Assert.Contains("You did not share your Myinfo data", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(2, metrics.Sum("myinfoportal.signin.started", ("provider", "myinfo")));
        Assert.Equal(1, metrics.Sum("myinfoportal.signin.completed", ("provider", "myinfo")));
        Assert.Equal(1, metrics.Sum("myinfoportal.signin.failed", ("provider", "myinfo"), ("reason", "access_denied")));
        Assert.Equal(0, metrics.Sum("myinfoportal.signin.started", ("provider", "singpass")));
    }

    [Fact]
    public async Task AnUnansweredSendIsCountedAsUnconfirmedAndStaysInTheOutbox()
    {
        using var factory = new SafeEntryFactory();
        using var metrics = new PortalMeterListener(factory);

        // Down: the gateway drops the connection after reading the request, so it may have the entry.
        factory.Gateway.Fault = GatewayFault.Down;
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();

        Assert.Equal(1, metrics.Sum("myinfoportal.checkin.dispatched", ("outcome", "unconfirmed")));
        Assert.Equal(0, metrics.Sum("myinfoportal.checkin.dispatched", ("outcome", "retry")));
        Assert.Equal(1, metrics.Observe("myinfoportal.outbox.depth"));
    }

    [Fact]
    public async Task CheckInsAreCountedByOutcomeWithTheirDispatchTimeAndTheOutboxDepthFollows()
    {
        using var factory = new SafeEntryFactory();
        using var metrics = new PortalMeterListener(factory);

        factory.Gateway.Fault = GatewayFault.Error; // a 500: definitely not taken, so retried after the backoff
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F"));
        await factory.DispatchAsync();
        Assert.Equal(2, metrics.Observe("myinfoportal.outbox.depth"));
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.True(metrics.Observe("myinfoportal.outbox.oldest_pending_age") >= 180);

        factory.Gateway.Fault = GatewayFault.None;
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();

        Assert.Equal(2, metrics.Sum("myinfoportal.checkin.dispatched", ("outcome", "retry")));
        Assert.Equal(2, metrics.Sum("myinfoportal.checkin.dispatched", ("outcome", "accepted")));
        Assert.Equal(2, metrics.Count("myinfoportal.checkin.dispatch.duration", ("outcome", "accepted")));
        Assert.Equal(0, metrics.Observe("myinfoportal.outbox.depth"));
        Assert.Equal(0, metrics.Observe("myinfoportal.outbox.oldest_pending_age"));
    }

    /// <summary>Listens to this factory's <c>MyInfoPortal</c> meter only (other tests' portals run alongside).</summary>
    private sealed class PortalMeterListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public PortalMeterListener(PortalFactory factory)
        {
            var meters = factory.Services.GetRequiredService<IMeterFactory>();
            _ = factory.Services.GetRequiredService<PortalMetrics>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PortalMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => _measurements.Enqueue((i.Name, v, t.ToArray())));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => _measurements.Enqueue((i.Name, v, t.ToArray())));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => _measurements.Enqueue((i.Name, v, t.ToArray())));
            _listener.Start();
        }

        public double Sum(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Sum(m => m.Value);

        public int Count(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Count();

        /// <summary>Reads the observable instruments now; returns the latest value of <paramref name="name"/>.</summary>
        public double Observe(string name)
        {
            _listener.RecordObservableInstruments();
            return _measurements.Where(m => m.Name == name).Select(m => m.Value).Last();
        }

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value))));
    }
}
