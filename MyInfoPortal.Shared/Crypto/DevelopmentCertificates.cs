using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Makes self-signed RSA key pairs for the simulators and the portal on first run, so that a fresh
/// clone works without credentials. Files are written once and reused; they never belong in git.
/// </summary>
public static class DevelopmentCertificates
{
    public sealed record Pair(string KeyPath, string CertificatePath);

    public static Pair Ensure(string folder, string name, string subject, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var pair = new Pair(Path.Combine(folder, name + ".key.pem"), Path.Combine(folder, name + ".crt.pem"));
        if (File.Exists(pair.KeyPath) && File.Exists(pair.CertificatePath))
        {
            return pair;
        }

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}, O=MyInfoPortal development", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));

        // Write to temporary names first so a crash never leaves a key without its certificate.
        var keyTemp = pair.KeyPath + ".tmp";
        var certTemp = pair.CertificatePath + ".tmp";
        File.WriteAllText(keyTemp, rsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyTemp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certTemp, certificate.ExportCertificatePem());
        File.Move(certTemp, pair.CertificatePath, overwrite: true);
        File.Move(keyTemp, pair.KeyPath, overwrite: true);
        return pair;
    }
}
