using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// The portal's private key (signs PKI_SIGN, decrypts person responses) and Myinfo's public key
/// (verifies access tokens and person JWS), each loaded once from the configured files.
/// </summary>
public sealed class MyInfoKeys : IDisposable
{
    private readonly Lazy<RSA> _clientKey;
    private readonly Lazy<RSA> _myInfoKey;

    public MyInfoKeys(IOptions<MyInfoOptions> options)
    {
        var o = options.Value;
        _clientKey = new Lazy<RSA>(() => KeyLoader.LoadPrivateKey(
            Required(o.ClientPrivateKeyPath, nameof(MyInfoOptions.ClientPrivateKeyPath)), o.ClientPrivateKeyPassword));
        _myInfoKey = new Lazy<RSA>(() =>
        {
            using var certificate = KeyLoader.LoadCertificate(Required(o.MyInfoCertificatePath, nameof(MyInfoOptions.MyInfoCertificatePath)));
            return KeyLoader.PublicKeyOf(certificate);
        });
    }

    /// <summary>Test seam: keys already in memory.</summary>
    public MyInfoKeys(RSA clientKey, RSA myInfoKey)
    {
        _clientKey = new Lazy<RSA>(clientKey);
        _myInfoKey = new Lazy<RSA>(myInfoKey);
    }

    public RSA ClientPrivateKey => _clientKey.Value;

    public RSA MyInfoPublicKey => _myInfoKey.Value;

    public void Dispose()
    {
        if (_clientKey.IsValueCreated)
        {
            _clientKey.Value.Dispose();
        }

        if (_myInfoKey.IsValueCreated)
        {
            _myInfoKey.Value.Dispose();
        }
    }

    private static string Required(string? path, string key) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new InvalidOperationException($"{MyInfoOptions.Section}:{key} is not configured.")
            : path;
}
