using System.Diagnostics.Metrics;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Operations;

/// <summary>The sign-in providers, as the <c>provider</c> tag of the sign-in counters.</summary>
public static class SignInProviders
{
    public const string MyInfo = "myinfo";

    public const string Singpass = "singpass";
}

/// <summary>
/// The portal's own instruments, on the meter <c>MyInfoPortal</c> (watch them with
/// <c>dotnet-counters monitor --counters MyInfoPortal</c>). Tags carry only fixed vocabularies (provider,
/// a problem's stable code, an outcome name): never anything from a request or a person.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "MyInfoPortal";

    private readonly Counter<long> _signInsStarted;
    private readonly Counter<long> _signInsCompleted;
    private readonly Counter<long> _signInsFailed;
    private readonly Counter<long> _checkIns;
    private readonly Histogram<double> _dispatchDuration;

    public PortalMetrics(IMeterFactory meters, OutboxProbe outbox)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(outbox);
        var meter = meters.Create(MeterName);
        _signInsStarted = meter.CreateCounter<long>("myinfoportal.signin.started", "{sign-in}", "Sign-ins started, by provider.");
        _signInsCompleted = meter.CreateCounter<long>("myinfoportal.signin.completed", "{sign-in}", "Sign-ins that stored a profile, by provider.");
        _signInsFailed = meter.CreateCounter<long>("myinfoportal.signin.failed", "{sign-in}", "Sign-ins stopped with a problem, by provider and reason (the problem's code).");
        _checkIns = meter.CreateCounter<long>("myinfoportal.checkin.dispatched", "{check-in}",
            "Dispatch outcomes of check-ins: accepted, rejected, needs_attention, or retry (kept pending for another attempt).");
        _dispatchDuration = meter.CreateHistogram<double>("myinfoportal.checkin.dispatch.duration", "s",
            "Time to send one check-in to the SafeEntry gateway (both attempts when re-signed), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("myinfoportal.outbox.depth", () => outbox.ObserveDepth(), "{check-in}",
            "Check-ins waiting to be delivered to the SafeEntry gateway.");
        meter.CreateObservableGauge("myinfoportal.outbox.oldest_pending_age", () => outbox.ObserveOldestAge(), "s",
            "Age of the oldest check-in waiting to be delivered.");
    }

    public void SignInStarted(string provider) => _signInsStarted.Add(1, Tag("provider", provider));

    public void SignInCompleted(string provider) => _signInsCompleted.Add(1, Tag("provider", provider));

    public void SignInFailed(string provider, string reason) =>
        _signInsFailed.Add(1, Tag("provider", provider), Tag("reason", reason));

    /// <summary>One dispatch of one row: its outcome as the row will be recorded, and how long the sending took.</summary>
    public void CheckInDispatched(SafeEntryOutcomeKind kind, bool gaveUp, TimeSpan duration)
    {
        var outcome = kind switch
        {
            SafeEntryOutcomeKind.Accepted => "accepted",
            SafeEntryOutcomeKind.Rejected => "rejected",
            SafeEntryOutcomeKind.NeedsAttention => "needs_attention",
            SafeEntryOutcomeKind.Unconfirmed when !gaveUp => "unconfirmed",
            _ => gaveUp ? "needs_attention" : "retry",
        };
        _checkIns.Add(1, Tag("outcome", outcome));
        _dispatchDuration.Record(duration.TotalSeconds, Tag("outcome", outcome));
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
