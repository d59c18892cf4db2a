using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Staff;

public enum CertificateState
{
    Valid,
    ExpiresSoon,
    Expired,
    NotYetValid,
    NotConfigured,
    Unreadable,
    NoCertificate,
}

/// <summary>What staff may see of one certificate: public facts only.</summary>
public sealed record CertificateReport(
    string Purpose,
    string? FileName,
    CertificateState State,
    string? Subject,
    string? Issuer,
    string? ThumbprintSha1,
    string? ThumbprintSha256,
    DateTime? NotBefore,
    DateTime? NotAfter,
    string? Note);

public sealed record SettingReport(string Name, string Value);

public sealed record IntegrationReport(string Name, IReadOnlyList<SettingReport> Settings, IReadOnlyList<CertificateReport> Certificates);

public sealed record DiagnosticsReport(DateTime GeneratedAt, IReadOnlyList<IntegrationReport> Integrations);

/// <summary>
/// The staff diagnostics page's content: modes, endpoints and each configured certificate's subject,
/// thumbprint and validity. Never secrets: no client secret, no passwords, no private key material.
/// </summary>
public sealed class DiagnosticsService(
    IOptions<MyInfoOptions> myInfo,
    IOptions<SafeEntryOptions> safeEntry,
    SimulatorStatus simulators,
    IOptions<PortalOptions> portal,
    OutboxStatistics outbox,
    TimeProvider time)
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public async Task<DiagnosticsReport> BuildAsync(CancellationToken cancellationToken)
    {
        var report = Build();
        var o = await outbox.ReadAsync(cancellationToken);
        var outboxReport = new IntegrationReport(
            "Outbox",
            [
                new("Waiting to be sent (outbox depth)", Count(o.Waiting)),
                new("Of which delivery unconfirmed", Count(o.Unconfirmed)),
                new("Oldest waiting", o.OldestWaitingAge is { } age ? $"{Age(age)} (stored {o.OldestWaitingSince:yyyy-MM-dd HH:mm:ss} UTC)" : "none waiting"),
                new("Stopped, waiting for staff (failed or needs attention)", Count(o.Undelivered)),
                new($"Not accepted and older than the {o.RetentionDays}-day retention period (kept until resolved)", Count(o.PastRetention)),
            ],
            []);
        return report with { Integrations = [.. report.Integrations, outboxReport] };
    }

    /// <summary>"2 d 3 h", "4 h 5 min", "6 min 7 s" or "8 s": the two largest units.</summary>
    public static string Age(TimeSpan age)
    {
        age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h"
            : age.TotalHours >= 1 ? $"{age.Hours} h {age.Minutes} min"
            : age.TotalMinutes >= 1 ? $"{age.Minutes} min {age.Seconds} s"
            : $"{age.Seconds} s";
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public DiagnosticsReport Build()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var m = myInfo.Value;
        var s = safeEntry.Value;
        var sim = simulators;

        var myInfoReport = new IntegrationReport(
            "Myinfo",
            [
                new("Mode", m.Mode.ToString()),
                new("Authorise URL", m.AuthoriseUrl ?? "(not set)"),
                new("Token URL", m.TokenUrl ?? "(not set)"),
                new("Person URL", m.PersonUrl ?? "(not set)"),
                new("Redirect URI", m.RedirectUri ?? "(not set)"),
                new("Client ID", m.ClientId ?? "(not set)"),
                new("App ID", m.EffectiveAppId),
                new("Attributes", m.Attributes),
                new("Client secret", string.IsNullOrEmpty(m.ClientSecret) ? "not set" : "set (not shown)"),
                new("Embedded simulator", sim.MyInfoEnabled ? "on" : "off"),
            ],
            [
                Certificate("Our client certificate (Myinfo)", m.ClientCertificatePath, now, KeyMatch(m.ClientPrivateKeyPath, m.ClientPrivateKeyPassword, m.ClientCertificatePath)),
                Certificate("Myinfo signing certificate", m.MyInfoCertificatePath, now, null),
            ]);

        var safeEntryReport = new IntegrationReport(
            "SafeEntry",
            [
                new("Mode", s.Mode.ToString()),
                new("Entry URL", s.EntryUrl ?? "(not set)"),
                new("App ID", s.AppId ?? "(not set)"),
                new("Retention", $"{s.RetentionDays} days"),
                new("Attempts before needing attention", s.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("Wait before resending an unconfirmed delivery", s.UnconfirmedRetryDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
                new("Embedded gateway simulator", sim.SafeEntryEnabled ? $"on (fault: {sim.SafeEntryFault})" : "off"),
            ],
            [
                SigningKeyCertificate("Our signing key's certificate (SafeEntry)", s.PrivateKeyPath, s.PrivateKeyPassword, sim.SafeEntryPartnerCertificatePath, now),
                Certificate("Gateway certificate (submissions are encrypted to it)", s.GatewayCertificatePath, now, null),
            ]);

        var portalReport = new IntegrationReport(
            "Portal",
            [
                new("Base URL", portal.Value.BaseUrl),
                new("Database", portal.Value.Database.ToString()),
            ],
            []);

        return new DiagnosticsReport(now, [myInfoReport, safeEntryReport, portalReport]);
    }

    private static CertificateReport Certificate(string purpose, string? path, DateTime now, string? note)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Empty(purpose, null, CertificateState.NotConfigured, "Not configured.");
        }

        try
        {
            using var certificate = KeyLoader.LoadCertificate(path);
            return Describe(purpose, path, certificate, now, note);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            return Empty(purpose, Path.GetFileName(path), CertificateState.Unreadable, Unreadable(ex));
        }
    }

    /// <summary>
    /// The SafeEntry key may come as a .p12/.pfx (certificate inside), as a PEM holding a certificate
    /// beside the key, or as a bare key; for a bare key in Simulator mode the certificate registered
    /// with the gateway simulator is shown.
    /// </summary>
    private static CertificateReport SigningKeyCertificate(string purpose, string? keyPath, string? password, string? registeredCertificatePath, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(keyPath))
        {
            return Empty(purpose, null, CertificateState.NotConfigured, "No signing key configured.");
        }

        try
        {
            var extension = Path.GetExtension(keyPath).ToUpperInvariant();
            if (extension is ".P12" or ".PFX")
            {
                using var bundled = X509CertificateLoader.LoadPkcs12FromFile(keyPath, password, X509KeyStorageFlags.EphemeralKeySet);
                return Describe(purpose, keyPath, bundled, now, "From the key's PKCS#12 file.");
            }

            var pem = File.ReadAllText(keyPath);
            if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                using var inline = X509Certificate2.CreateFromPem(pem);
                return Describe(purpose, keyPath, inline, now, "From the key's PEM file.");
            }

            if (!string.IsNullOrWhiteSpace(registeredCertificatePath) && File.Exists(registeredCertificatePath))
            {
                using var registered = KeyLoader.LoadCertificate(registeredCertificatePath);
                return Describe(purpose, registeredCertificatePath, registered, now,
                    KeyMatch(keyPath, password, registeredCertificatePath) ?? "The certificate registered with the gateway simulator.");
            }

            using var key = KeyLoader.LoadPrivateKey(keyPath, password);
            var fingerprint = Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            return Empty(purpose, Path.GetFileName(keyPath), CertificateState.NoCertificate,
                $"A bare key without a certificate. Public key SHA-256: {fingerprint}.");
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            return Empty(purpose, Path.GetFileName(keyPath), CertificateState.Unreadable, Unreadable(ex));
        }
    }

    private static string? KeyMatch(string? keyPath, string? password, string? certificatePath)
    {
        if (string.IsNullOrWhiteSpace(keyPath) || string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }

        try
        {
            using var key = KeyLoader.LoadPrivateKey(keyPath, password);
            using var certificate = KeyLoader.LoadCertificate(certificatePath);
            using var publicKey = certificate.GetRSAPublicKey();
            if (publicKey is null)
            {
                return "The certificate does not hold an RSA key.";
            }

            return key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey.ExportSubjectPublicKeyInfo())
                ? "Matches the configured private key."
                : "Does NOT match the configured private key.";
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            return "The private key could not be read: " + Unreadable(ex);
        }
    }

    private static CertificateReport Describe(string purpose, string path, X509Certificate2 certificate, DateTime now, string? note)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var state = now < notBefore ? CertificateState.NotYetValid
            : now > notAfter ? CertificateState.Expired
            : notAfter - now < ExpiryWarning ? CertificateState.ExpiresSoon
            : CertificateState.Valid;
        return new CertificateReport(
            purpose,
            Path.GetFileName(path),
            state,
            certificate.Subject,
            certificate.Issuer,
            certificate.Thumbprint,
            certificate.GetCertHashString(HashAlgorithmName.SHA256),
            notBefore,
            notAfter,
            note);
    }

    private static CertificateReport Empty(string purpose, string? fileName, CertificateState state, string note) =>
        new(purpose, fileName, state, null, null, null, null, null, null, note);

    private static string Unreadable(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "The file does not exist.",
        UnauthorizedAccessException => "The file cannot be read by this process.",
        IOException => "The file could not be read.",
        _ => "The file is not a certificate or key in a supported format, or its password is wrong.",
    };
}
