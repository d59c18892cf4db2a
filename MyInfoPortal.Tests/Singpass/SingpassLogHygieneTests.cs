using System.Net;
using MyInfoPortal.Tests.MyInfo;
using MyInfoPortal.Simulators.Singpass;
using static MyInfoPortal.Tests.Singpass.SingpassCallCounter;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// security.md G for the Singpass provider and its simulator: after sign-ins, a denial, refused replays
/// and a rejected token step, no code, state, request_uri, PKCE verifier, client assertion, DPoP proof,
/// access token, JWE/JWS or full NRIC is in the portal's log file.
/// </summary>
public sealed class SingpassLogHygieneTests
{
    [Fact]
    public async Task SingpassFlowsLeaveNoSecretOrFullNricInTheLogs()
    {
        using var factory = new SingpassFactory();
        factory.With("Portal:FileLogging", "true");
        var secrets = new List<string>();

        foreach (var persona in new[] { "S7204518A", "S8810346G", "M2219046J" })
        {
            using var browser = factory.CreateBrowser();
            var authorization = await SingpassDriver.StartAsync(browser);
            var callback = await SingpassDriver.AuthorizeAsync(browser, authorization, persona);
            Remember(secrets, authorization, "request_uri");
            Remember(secrets, callback, "code", "state");
            using var completed = await browser.GetAsync(callback);
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
            using var replay = await browser.GetAsync(callback);
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        }

        using (var denier = factory.CreateBrowser())
        {
            var denied = await SingpassDriver.ToCallbackAsync(denier, "S7204518A", SingpassSimulatorServer.Deny);
            Remember(secrets, denied, "state");
            using var page = await denier.GetAsync(denied);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var late = factory.CreateBrowser())
        {
            var callback = await SingpassDriver.ToCallbackAsync(late, "S8523671G");
            Remember(secrets, callback, "code", "state");
            factory.Clock.Advance(TimeSpan.FromSeconds(61));
            using var refused = await late.GetAsync(callback);
            Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        }

        foreach (var sent in factory.Calls.Sent.Where(r => r.Endpoint is Par or Token or Userinfo))
        {
            secrets.Add(sent.Dpop!);
            secrets.AddRange(sent.Form.Where(f => f.Key is "client_assertion" or "code_verifier" or "code" or "state" or "nonce").Select(f => f.Value));
            if (sent.Authorization is { } authorization)
            {
                secrets.Add(authorization["DPoP ".Length..]);
            }
        }

        var logs = string.Join('\n', Directory.EnumerateFiles(factory.Folder.Combine("data", "logs")).Select(ReadShared));
        Assert.Contains("Singpass userinfo retrieved", logs, StringComparison.Ordinal);
        Assert.Contains("Singpass callback refused", logs, StringComparison.Ordinal);
        Assert.Contains("Singpass simulator refused token with invalid_grant", logs, StringComparison.Ordinal);
        Assert.True(secrets.Count >= 30, "the flows should have carried codes, states, proofs and tokens");
        var hits = LogScan.Find(logs, secrets);
        Assert.True(hits.Count == 0, "Found in the logs:\n" + string.Join('\n', hits));
    }

    private static void Remember(List<string> secrets, Uri url, params string[] names)
    {
        foreach (var name in names)
        {
            secrets.Add(SingpassDriver.Parameter(url, name));
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
