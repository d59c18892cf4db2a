using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Our signing key and the gateway's certificate, loaded once from the configured files. Sandbox mode
/// needs neither, so nothing is read then.
/// </summary>
public sealed class SafeEntryKeys : IDisposable
{
    private readonly RSA? _signingKey;
    private readonly X509Certificate2? _gatewayCertificate;
    private readonly RSA? _gatewayKey;

    public SafeEntryKeys(IOptions<SafeEntryOptions> options)
    {
        var o = options.Value;
        if (!o.Mode.IsSigned())
        {
            return;
        }

        _signingKey = KeyLoader.LoadPrivateKey(o.PrivateKeyPath!, o.PrivateKeyPassword);
        _gatewayCertificate = KeyLoader.LoadCertificate(o.GatewayCertificatePath!);
        _gatewayKey = KeyLoader.PublicKeyOf(_gatewayCertificate);
    }

    /// <summary>Signs PKI_SIGN base strings.</summary>
    public RSA SigningKey => _signingKey ?? throw new InvalidOperationException("SafeEntry keys are not loaded in Sandbox mode.");

    /// <summary>Submissions are encrypted to this key.</summary>
    public RSA GatewayPublicKey => _gatewayKey ?? throw new InvalidOperationException("SafeEntry keys are not loaded in Sandbox mode.");

    public X509Certificate2? GatewayCertificate => _gatewayCertificate;

    public void Dispose()
    {
        _signingKey?.Dispose();
        _gatewayKey?.Dispose();
        _gatewayCertificate?.Dispose();
    }
}
