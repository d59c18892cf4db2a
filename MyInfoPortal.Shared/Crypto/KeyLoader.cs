using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MyInfoPortal.Web.Crypto;

/// <summary>Loads RSA keys and certificates from the files operators name in configuration.</summary>
public static class KeyLoader
{
    /// <summary>
    /// A private key from PEM (PKCS#1, PKCS#8 or encrypted PKCS#8) or from a PKCS#12 file (.p12/.pfx).
    /// </summary>
    public static RSA LoadPrivateKey(string path, string? password = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Key file '{path}' does not exist.", path);
        }

        var extension = Path.GetExtension(path).ToUpperInvariant();
        if (extension is ".P12" or ".PFX")
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            return certificate.GetRSAPrivateKey() ?? throw new CryptographicException($"'{path}' holds no RSA private key.");
        }

        var pem = File.ReadAllText(path);
        var rsa = RSA.Create();
        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new CryptographicException($"'{path}' is encrypted and no password was configured.");
                }

                rsa.ImportFromEncryptedPem(pem, password);
            }
            else
            {
                rsa.ImportFromPem(pem);
            }

            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>A certificate from PEM or DER.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Certificate file '{path}' does not exist.", path);
        }

        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificate(bytes);
    }

    public static RSA PublicKeyOf(X509Certificate2 certificate) =>
        certificate.GetRSAPublicKey() ?? throw new CryptographicException($"Certificate '{certificate.Subject}' does not hold an RSA key.");
}
