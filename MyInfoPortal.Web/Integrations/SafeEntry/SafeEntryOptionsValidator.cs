using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

public sealed class SafeEntryOptionsValidator : IValidateOptions<SafeEntryOptions>
{
    public ValidateOptionsResult Validate(string? name, SafeEntryOptions options)
    {
        var check = new OptionsChecks(SafeEntryOptions.Section);
        check.That(Enum.IsDefined(options.Mode) && options.Mode != ServiceMode.MockPass, "Mode must be Simulator, Sandbox, Test or Production.");
        check.AbsoluteHttpUrl(nameof(options.EntryUrl), options.EntryUrl);
        check.That(options.RetentionDays is >= 1 and <= 3650, "RetentionDays must be between 1 and 3650.");
        check.That(options.MaxAttempts is >= 1 and <= 100, "MaxAttempts must be between 1 and 100.");
        check.That(options.InitialBackoff > TimeSpan.Zero && options.InitialBackoff <= options.MaxBackoff, "InitialBackoff must be positive and no larger than MaxBackoff.");
        check.That(options.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive.");
        check.That(options.PollInterval > TimeSpan.Zero, "PollInterval must be positive.");
        check.That(options.DispatchConcurrency is >= 1 and <= 32, "DispatchConcurrency must be between 1 and 32.");
        check.That(options.UnconfirmedRetryDelay > options.RequestTimeout && options.UnconfirmedRetryDelay <= TimeSpan.FromDays(1),
            "UnconfirmedRetryDelay must be longer than RequestTimeout and at most a day.");

        if (options.Mode.IsRealService())
        {
            check.Https(nameof(options.EntryUrl), options.EntryUrl, $"in {options.Mode} mode");
        }

        if (options.Mode.IsSigned())
        {
            check.Require(nameof(options.AppId), options.AppId);
            check.FileExists(nameof(options.PrivateKeyPath), options.PrivateKeyPath);
            check.FileExists(nameof(options.GatewayCertificatePath), options.GatewayCertificatePath);
            CheckKeysLoad(check, options);
        }

        return check.Result();
    }

    /// <summary>A key file that exists but cannot be read should stop the start, not every later dispatch.</summary>
    private static void CheckKeysLoad(OptionsChecks check, SafeEntryOptions options)
    {
        if (File.Exists(options.PrivateKeyPath))
        {
            try
            {
                using var key = Crypto.KeyLoader.LoadPrivateKey(options.PrivateKeyPath, options.PrivateKeyPassword);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException or IOException)
            {
                check.That(false, $"PrivateKeyPath ('{options.PrivateKeyPath}') could not be read as an RSA private key (PEM or .p12/.pfx; check PrivateKeyPassword).");
            }
        }

        if (File.Exists(options.GatewayCertificatePath))
        {
            try
            {
                using var certificate = Crypto.KeyLoader.LoadCertificate(options.GatewayCertificatePath);
                using var key = Crypto.KeyLoader.PublicKeyOf(certificate);
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException or IOException)
            {
                check.That(false, $"GatewayCertificatePath ('{options.GatewayCertificatePath}') could not be read as an RSA certificate (PEM or DER).");
            }
        }
    }
}
