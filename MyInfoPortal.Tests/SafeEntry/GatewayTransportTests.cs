using System.Net;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>
/// The entry POST as the app registers its client: sent once per call whatever comes back (the API has no
/// idempotency key, so only the outbox repeats a check-in), bounded by SafeEntry:RequestTimeout.
/// </summary>
public sealed class GatewayTransportTests
{
    public static TheoryData<string> Failures() => ["503", "500", "429", "connection reset", "timeout"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task FailedPostIsSentOnceAndLeftToTheOutbox(string failure)
    {
        var gateway = new RecordingGateway();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }.With("SafeEntry:RequestTimeout", "00:00:01");
        _ = failure switch
        {
            "connection reset" => gateway.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "reset by the test")),
            "timeout" => gateway.Hang(),
            _ => gateway.Answer((HttpStatusCode)int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture)),
        };

        var outcome = await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn);

        // A status code is an answer: retried with backoff. No answer after the request was written: the
        // gateway may have it, so the outbox waits before sending it again.
        Assert.Equal(failure is "connection reset" or "timeout" ? SafeEntryOutcomeKind.Unconfirmed : SafeEntryOutcomeKind.Transient, outcome.Kind);
        Assert.Single(gateway.Requests);
        if (failure == "timeout")
        {
            Assert.Equal(SafeEntryOutcome.Timeout, outcome);
        }
    }
}
