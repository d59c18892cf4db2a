using System.Globalization;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The real portal on Kestrel with its embedded Singpass FAPI 2.0 simulator, and an independent relying
/// party registered with it as client 1: Node's openid-client 6.8.9 (tools/e2e/scripts/singpass-rp.mjs),
/// which serves its own JWKS and redirect URI on a loopback port.
/// </summary>
public sealed class OpenIdClientRpFixture : IAsyncLifetime, IDisposable
{
    public const string ClientId = "openid-client-rp";

    private readonly TempFolder _rpFolder = new("mip-openid-client");

    public PortalProcess Portal { get; private set; } = null!;

    /// <summary>The loopback port the relying party listens on, for its JWKS and its redirect URI.</summary>
    public int RpPort { get; } = FreePort.Next();

    public string Issuer => Portal.BaseUrl + "/sim/singpass/fapi";

    /// <summary>The relying party's private keys, made by the script on its first run and reused after.</summary>
    public string KeysPath => _rpFolder.Combine("rp-keys.jwks.json");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(RepoPaths.NodeModules, "openid-client", "package.json")))
        {
            throw new InvalidOperationException("openid-client is not installed: run ./test.sh (it runs npm ci in tools/e2e).");
        }

        var rp = "http://127.0.0.1:" + RpPort.ToString(CultureInfo.InvariantCulture);
        Portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["Simulators:Singpass:Clients:1:ClientId"] = ClientId,
            ["Simulators:Singpass:Clients:1:JwksUri"] = rp + "/jwks.json",
            ["Simulators:Singpass:Clients:1:RedirectUris:0"] = rp + "/callback",
        });
        await Portal.StartAsync();
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();

    public void Dispose() => _rpFolder.Dispose();

    /// <summary>One whole sign-in by the relying party; its one-line JSON report.</summary>
    public async Task<JsonElement> SignInAsync(string persona, string fault = "none")
    {
        var script = Path.Combine(RepoPaths.E2eTooling, "scripts", "singpass-rp.mjs");
        await using var node = ChildProcess.Start("node",
            [script, "--issuer", Issuer, "--client-id", ClientId, "--port", RpPort.ToString(CultureInfo.InvariantCulture),
             "--keys", KeysPath, "--persona", persona, "--fault", fault],
            RepoPaths.E2eTooling, new Dictionary<string, string?>());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);

        var report = node.Output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\":", StringComparison.Ordinal));
        Assert.True(report is not null, $"the relying party printed no report (exit {node.ExitCode}):\n{node.Output}");
        var result = JsonDocument.Parse(report).RootElement.Clone();
        Assert.Equal(result.GetProperty("ok").GetBoolean() ? 0 : 1, node.ExitCode);
        return result;
    }
}

[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class OpenIdClientInteropTests(OpenIdClientRpFixture rp) : IClassFixture<OpenIdClientRpFixture>
{
    [Theory]
    [InlineData("S8523671G", "NUR AISYAH BINTE ROSLAN")]
    [InlineData("T0412876H", "KUMARI, PRIYA%RANI D/O SELVAM")]
    public async Task OpenIdClientSignsInWithParPkceDpopAndPrivateKeyJwtAndReadsEncryptedUserinfo(string nric, string name)
    {
        var result = await rp.SignInAsync(nric);

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal(name, result.GetProperty("name").GetString());
        Assert.Equal(nric, result.GetProperty("uinfin").GetString());

        // sub is a UUID, not the NRIC, and userinfo's equals the ID token's (openid-client checks it too).
        var sub = result.GetProperty("sub").GetString();
        Assert.True(Guid.TryParse(sub, out _), $"sub should be a UUID, was {sub}");
        Assert.Equal(sub, result.GetProperty("idTokenSub").GetString());
        Assert.Equal(
            ["dob", "name", "nationality", "regadd", "sex", "uinfin"],
            result.GetProperty("attributes").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public async Task ClientAssertionWithTheParEndpointAsAudienceIsRefusedAtPar()
    {
        var result = await rp.SignInAsync("S8523671G", fault: "wrong-aud");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("par", result.GetProperty("stage").GetString());
        Assert.Equal("invalid_client", result.GetProperty("error").GetString());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task DpopProofReusingAJtiIsRefusedAtTheTokenEndpoint()
    {
        // PAR accepts the first proof with that jti; the token call repeats it and must be refused.
        var result = await rp.SignInAsync("S8523671G", fault: "replay-dpop-jti");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("token", result.GetProperty("stage").GetString());
        Assert.Equal("invalid_dpop_proof", result.GetProperty("error").GetString());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
        Assert.Contains("refused token with invalid_dpop_proof", rp.Portal.Output, StringComparison.Ordinal);
    }
}
