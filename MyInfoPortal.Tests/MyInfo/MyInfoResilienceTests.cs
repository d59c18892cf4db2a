using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// The client's resilience pipeline as the app registers it: what is repeated, what never is, and that the
/// timeout covers the answer's body as well as its headers.
/// </summary>
public sealed class MyInfoResilienceTests
{
    [Fact]
    public async Task TokenCallIsNotRepeatedAfterAConnectionFailure()
    {
        using var rig = new ClientRig();
        rig.Server.TokenConnectionFailures = 1;

        var failure = await Assert.ThrowsAsync<Web.Integrations.MyInfo.MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_unavailable", failure.Code);
        Assert.Equal(1, rig.Server.TokenCalls);
        Assert.Equal(0, rig.Server.PersonCalls);
    }

    [Fact]
    public async Task PersonCallIsRetriedOnceAfterAConnectionFailureWithAFreshSignature()
    {
        using var rig = new ClientRig();
        rig.Server.PersonConnectionFailures = 1;

        var person = await rig.RetrieveAsync();

        Assert.Equal("TAN HENG HUAT", person.Name);
        var attempts = rig.Server.Received.Where(r => r.Method == HttpMethod.Get).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.NotEqual(Nonce(attempts[0].Authorization!), Nonce(attempts[1].Authorization!));
    }

    [Fact]
    public async Task PersonCallGivesUpAfterTwoConnectionFailures()
    {
        using var rig = new ClientRig();
        rig.Server.PersonConnectionFailures = 2;

        var failure = await Assert.ThrowsAsync<Web.Integrations.MyInfo.MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_unavailable", failure.Code);
        Assert.Equal(2, rig.Server.PersonCalls);
    }

    [Fact]
    public async Task SlowPersonCallTimesOutWithoutRetry()
    {
        using var rig = new ClientRig(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        rig.Server.PersonDelay = TimeSpan.FromSeconds(10);

        var failure = await Assert.ThrowsAsync<Web.Integrations.MyInfo.MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_timeout", failure.Code);
        Assert.Equal(1, rig.Server.PersonCalls);
    }

    [Fact]
    public async Task BodyThatStallsAfterTheHeadersTimesOut()
    {
        using var rig = new ClientRig(o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        rig.Server.PersonBodyDelay = TimeSpan.FromSeconds(10);

        var started = DateTime.UtcNow;
        var failure = await Assert.ThrowsAsync<Web.Integrations.MyInfo.MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_timeout", failure.Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "the stalled body should end the call at the timeout");
        Assert.Equal(1, rig.Server.PersonCalls);
    }

    private static string Nonce(string authorization)
    {
        Assert.True(PkiSignHeader.TryParse(authorization, out var header));
        return header!.Nonce;
    }
}
