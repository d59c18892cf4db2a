using MyInfoPortal.Simulators;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

public sealed class OptionsTests
{
    [Fact]
    public void UnreadableKeyFilesStopTheStartNamingTheKey()
    {
        using var folder = new TempFolder("mip-se-opts");
        var key = folder.Combine("key.pem");
        var certificate = folder.Combine("gateway.crt");
        File.WriteAllText(key, "not a key");
        File.WriteAllText(certificate, "not a certificate");

        var result = new SafeEntryOptionsValidator().Validate(null, new SafeEntryOptions
        {
            Mode = ServiceMode.Test,
            EntryUrl = "https://test.api.safeentry-qr.gov.sg/partner/v1/entry",
            AppId = "STG2-SEQR-SELF-TEST",
            PrivateKeyPath = key,
            GatewayCertificatePath = certificate,
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("SafeEntry:PrivateKeyPath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("SafeEntry:GatewayCertificatePath", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("not a key", StringComparison.Ordinal));
    }

    [Fact]
    public void SandboxNeedsNoKeys()
    {
        var result = new SafeEntryOptionsValidator().Validate(null, new SafeEntryOptions
        {
            Mode = ServiceMode.Sandbox,
            EntryUrl = "https://sandbox.api.safeentry-qr.gov.sg/partner/v1/entry",
        });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void EnabledGatewaySimulatorNeedsItsKeyCertificateAndAppId()
    {
        var options = new SimulatorOptions { SafeEntry = { Enabled = true, KeyPath = "/nonexistent/key.pem" } };

        var result = new SafeEntrySimulatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Simulators:SafeEntry:KeyPath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Simulators:SafeEntry:ClientCertificatePath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Simulators:SafeEntry:AppId", StringComparison.Ordinal));
        Assert.True(new SafeEntrySimulatorOptionsValidator().Validate(null, new SimulatorOptions()).Succeeded);
    }
}
