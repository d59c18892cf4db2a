using System.Security.Cryptography.X509Certificates;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// A self-signed TLS server certificate for 127.0.0.1 and localhost, made by openssl into a test's folder
/// (nothing is kept in the repository), valid for a day.
/// </summary>
public sealed record TestTlsCertificate(string CertificatePath, string KeyPath)
{
    public static async Task<TestTlsCertificate> CreateAsync(string folder)
    {
        var certificate = Path.Combine(folder, "tls.crt.pem");
        var key = Path.Combine(folder, "tls.key.pem");
        await using var openssl = ChildProcess.Start("openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "extendedKeyUsage=serverAuth",
             "-keyout", key, "-out", certificate],
            folder, new Dictionary<string, string?>());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await openssl.WaitForExitAsync(timeout.Token);
        if (openssl.ExitCode != 0)
        {
            throw new InvalidOperationException("openssl could not make the test certificate:\n" + openssl.Output);
        }

        return new TestTlsCertificate(certificate, key);
    }

    public X509Certificate2 Load() => X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
}
