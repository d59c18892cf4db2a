using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>The simulated gateway's decryption key and the partner certificate it verifies PKI_SIGN with, loaded once.</summary>
public sealed class SafeEntryGatewayKeys : IDisposable
{
    public SafeEntryGatewayKeys(IOptions<SimulatorOptions> options)
    {
        var o = options.Value.SafeEntry;
        DecryptionKey = KeyLoader.LoadPrivateKey(o.KeyPath!);
        using var certificate = KeyLoader.LoadCertificate(o.ClientCertificatePath!);
        PartnerKey = KeyLoader.PublicKeyOf(certificate);
    }

    public RSA DecryptionKey { get; }

    public RSA PartnerKey { get; }

    public void Dispose()
    {
        DecryptionKey.Dispose();
        PartnerKey.Dispose();
    }
}
