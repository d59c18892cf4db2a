using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// The simulator's signing key and the registered client's certificate, loaded once. Only resolved
/// when the simulator is enabled (the gate answers 404 before any controller asks for it).
/// </summary>
public sealed class MyInfoSimulatorKeys : IDisposable
{
    private readonly X509Certificate2 _clientCertificate;

    public MyInfoSimulatorKeys(IOptions<SimulatorOptions> options, ILogger<MyInfoSimulatorKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.MyInfo;
        SigningKey = KeyLoader.LoadPrivateKey(settings.SigningKeyPath ?? throw new InvalidOperationException("Simulators:MyInfo:SigningKeyPath is required."));
        _clientCertificate = KeyLoader.LoadCertificate(settings.ClientCertificatePath ?? throw new InvalidOperationException("Simulators:MyInfo:ClientCertificatePath is required."));
        ClientPublicKey = KeyLoader.PublicKeyOf(_clientCertificate);
        // Lower-case hex: an upper-case thumbprint can contain runs that look like an NRIC to log scanners.
        logger.KeysLoaded(_clientCertificate.Subject, _clientCertificate.Thumbprint.ToLowerInvariant());
    }

    /// <summary>Signs access tokens and person JWS; its public half verifies the tokens the simulator issued.</summary>
    public RSA SigningKey { get; }

    /// <summary>Verifies the client's PKI_SIGN signatures; person responses are encrypted to it.</summary>
    public RSA ClientPublicKey { get; }

    public void Dispose()
    {
        SigningKey.Dispose();
        ClientPublicKey.Dispose();
        _clientCertificate.Dispose();
    }
}
