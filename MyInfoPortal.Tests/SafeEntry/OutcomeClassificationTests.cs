using System.Net;
using System.Net.Sockets;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>Which gateway answers are final, which are retried, and which stop for staff.</summary>
public sealed class OutcomeClassificationTests(SharedSafeEntry shared) : IClassFixture<SharedSafeEntry>
{
    public static TheoryData<int, string?, SafeEntryOutcomeKind, string> Answers => new()
    {
        { 201, null, SafeEntryOutcomeKind.Accepted, "Accepted by the gateway." },
        { 400, """{"code":400,"message":"Invalid uinfin"}""", SafeEntryOutcomeKind.Rejected, "Invalid uinfin" },
        { 400, """{"code":400,"message":["Missing venueId","Missing mobileno"]}""", SafeEntryOutcomeKind.Rejected, "Missing venueId, Missing mobileno" },
        { 400, "<html>bad request</html>", SafeEntryOutcomeKind.Rejected, "The gateway rejected the submission." },
        { 400, """{"code":400,"message":"Invalid\r\nvenue"}""", SafeEntryOutcomeKind.Rejected, "Invalid  venue" },
        { 401, """{"code":401,"message":"The value of the nonce in the authorisation header was deemed to be repeated"}""", SafeEntryOutcomeKind.Resign, "nonce" },
        { 401, """{"code":401,"message":"The timestamp of server is not synchronised"}""", SafeEntryOutcomeKind.Resign, "timestamp" },
        { 401, """{"code":401,"message":"Signature incorrect"}""", SafeEntryOutcomeKind.NeedsAttention, "HTTP 401: Signature incorrect" },
        { 401, null, SafeEntryOutcomeKind.NeedsAttention, "SafeEntry:AppId" },
        { 403, """{"code":403,"message":"Forbidden"}""", SafeEntryOutcomeKind.NeedsAttention, "SafeEntry:EntryUrl" },
        { 404, null, SafeEntryOutcomeKind.NeedsAttention, "unexpected answer (HTTP 404)" },
        { 415, null, SafeEntryOutcomeKind.NeedsAttention, "unexpected answer (HTTP 415)" },
        { 200, null, SafeEntryOutcomeKind.NeedsAttention, "unexpected answer (HTTP 200)" },
        { 302, null, SafeEntryOutcomeKind.NeedsAttention, "unexpected answer (HTTP 302)" },
        { 408, null, SafeEntryOutcomeKind.Transient, "HTTP 408" },
        { 429, """{"code":429,"message":"Too many requests"}""", SafeEntryOutcomeKind.Transient, "HTTP 429" },
        { 500, """{"code":500,"message":"Internal server error"}""", SafeEntryOutcomeKind.Transient, "HTTP 500" },
        { 502, null, SafeEntryOutcomeKind.Transient, "HTTP 502" },
        { 503, null, SafeEntryOutcomeKind.Transient, "HTTP 503" },
        { 504, null, SafeEntryOutcomeKind.Transient, "HTTP 504" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void EachAnswerIsClassified(int status, string? body, SafeEntryOutcomeKind kind, string detail)
    {
        var outcome = SafeEntryOutcomes.Classify(status, body);

        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(status, outcome.StatusCode);
        Assert.Contains(detail, outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task ClientClassifiesWhatTheGatewayAnswers(int status, string? body, SafeEntryOutcomeKind kind, string detail)
    {
        var gateway = shared.StubGateway;
        gateway.Reset();
        gateway.Answer((HttpStatusCode)status, body);

        var outcome = await RequestSigningTests.SendAsync(shared.WithStub, RequestSigningTests.SampleCheckIn);

        Assert.Equal(kind, outcome.Kind);
        Assert.Contains(detail, outcome.Detail, StringComparison.Ordinal);
        Assert.Single(gateway.Requests);
    }

    [Fact]
    public void LongOrHostileMessagesAreCutToShortPrintableText()
    {
        var outcome = SafeEntryOutcomes.Classify(400, $$"""{"code":400,"message":"{{new string('x', 5000)}}\u0007"}""");

        Assert.Equal(200, outcome.Detail.Length);
        Assert.All(outcome.Detail, c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    public async Task ConnectionFailureIsTransient()
    {
        var gateway = new RecordingGateway().Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException(111)));
        using var factory = new SafeEntryFactory { GatewayHandler = gateway };

        var outcome = await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn);

        Assert.Equal(SafeEntryOutcome.ConnectionFailed, outcome);
    }

    [Fact]
    public async Task ResetConnectionAfterSendingIsUnconfirmed()
    {
        var gateway = new RecordingGateway().Throw(new IOException("reset by peer"));
        using var factory = new SafeEntryFactory { GatewayHandler = gateway };

        var outcome = await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn);

        Assert.Single(gateway.Requests);
        Assert.Equal(SafeEntryOutcome.ConnectionLost, outcome);
        Assert.Equal(SafeEntryOutcomeKind.Unconfirmed, outcome.Kind);
    }

    [Fact]
    public async Task NoAnswerWithinTheRequestTimeoutIsAnUnconfirmedTimeout()
    {
        var gateway = new RecordingGateway().Hang();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }.With("SafeEntry:RequestTimeout", "00:00:00.500");

        var outcome = await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn);

        Assert.Equal(SafeEntryOutcome.Timeout, outcome);
        Assert.Equal(SafeEntryOutcomeKind.Unconfirmed, outcome.Kind);
    }

    [Theory]
    [InlineData(1, 1000, 2000)]
    [InlineData(2, 2000, 4000)]
    [InlineData(3, 4000, 8000)]
    [InlineData(6, 30000, 60000)]
    [InlineData(40, 30000, 60000)]
    public void BackoffDoublesWithJitterUpToTheCap(int attempts, int minimumMs, int maximumMs)
    {
        var initial = TimeSpan.FromSeconds(2);
        var cap = TimeSpan.FromMinutes(1);

        var low = SafeEntryDispatcher.Backoff(attempts, initial, cap, 0);
        var high = SafeEntryDispatcher.Backoff(attempts, initial, cap, 1);
        var middle = SafeEntryDispatcher.Backoff(attempts, initial, cap, 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(minimumMs), low);
        Assert.Equal(TimeSpan.FromMilliseconds(maximumMs), high);
        Assert.InRange(middle, low, high);
        Assert.NotEqual(low, high);
    }
}
