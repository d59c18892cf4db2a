using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.MyInfo;

public sealed partial class MyInfoOptionsValidator : IValidateOptions<MyInfoOptions>
{
    public ValidateOptionsResult Validate(string? name, MyInfoOptions options)
    {
        var check = new OptionsChecks(MyInfoOptions.Section);
        check.That(Enum.IsDefined(options.Mode), "Mode must be Simulator, MockPass, Sandbox, Test or Production.");
        check.AbsoluteHttpUrl(nameof(options.AuthoriseUrl), options.AuthoriseUrl);
        check.AbsoluteHttpUrl(nameof(options.TokenUrl), options.TokenUrl);
        check.AbsoluteHttpUrl(nameof(options.PersonUrl), options.PersonUrl);
        check.AbsoluteHttpUrl(nameof(options.RedirectUri), options.RedirectUri);
        check.Require(nameof(options.ClientId), options.ClientId);
        check.That(options.AttributeList.Count > 0 && options.AttributeList.All(a => AttributeName().IsMatch(a)),
            "Attributes must be a comma-separated list of attribute names such as 'name,uinfin,regadd'.");
        check.That(options.Purpose.Length is > 0 and <= 200, "Purpose must be 1 to 200 characters.");
        check.That(options.StateLifetime > TimeSpan.Zero && options.StateLifetime <= TimeSpan.FromHours(1), "StateLifetime must be between 0 and 1 hour.");
        check.That(options.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive.");

        check.That(options.ProfileLifetime > TimeSpan.Zero && options.ProfileLifetime <= TimeSpan.FromHours(12), "ProfileLifetime must be between 0 and 12 hours.");
        check.That(options.FlowRetention >= TimeSpan.Zero && options.FlowRetention <= TimeSpan.FromDays(1), "FlowRetention must be between 0 and 1 day.");

        // Access tokens are verified in every mode, Sandbox included, so Myinfo's certificate is always needed.
        check.FileExists(nameof(options.MyInfoCertificatePath), options.MyInfoCertificatePath);
        Readable(check, nameof(options.MyInfoCertificatePath), options.MyInfoCertificatePath, "an RSA certificate (PEM or DER)", path =>
        {
            using var certificate = KeyLoader.LoadCertificate(path);
            using var key = KeyLoader.PublicKeyOf(certificate);
        });
        if (options.Mode.IsSigned())
        {
            check.Require(nameof(options.ClientSecret), options.ClientSecret);
            check.FileExists(nameof(options.ClientPrivateKeyPath), options.ClientPrivateKeyPath);
            Readable(check, nameof(options.ClientPrivateKeyPath), options.ClientPrivateKeyPath, "an RSA private key with the configured password", path =>
            {
                using var key = KeyLoader.LoadPrivateKey(path, options.ClientPrivateKeyPassword);
            });
        }

        if (options.Mode.IsRealService())
        {
            // The browser is sent to AuthoriseUrl and comes back to RedirectUri with the code in the address;
            // TokenUrl and PersonUrl carry the client secret, the token and the person data.
            var why = $"in {options.Mode} mode";
            check.Https(nameof(options.AuthoriseUrl), options.AuthoriseUrl, why);
            check.Https(nameof(options.TokenUrl), options.TokenUrl, why);
            check.Https(nameof(options.PersonUrl), options.PersonUrl, why);
            check.Https(nameof(options.RedirectUri), options.RedirectUri, why + " (it is the address the browser returns to)");

            // Without them an access token issued to another client, or by another issuer, would be accepted.
            check.Require(nameof(options.TokenIssuer), options.TokenIssuer);
            check.Require(nameof(options.TokenAudience), options.TokenAudience);
        }

        return check.Result();
    }

    /// <summary>A key file that exists but cannot be read stops the start too, not the first sign-in.</summary>
    private static void Readable(OptionsChecks check, string key, string? path, string what, Action<string> load)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return;
        }

        try
        {
            load(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            check.That(false, $"{key} points to '{path}', which could not be read as {what} ({ex.GetType().Name}).");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();
}
