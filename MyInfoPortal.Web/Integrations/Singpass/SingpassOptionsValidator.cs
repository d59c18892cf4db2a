using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.Singpass;

public sealed partial class SingpassOptionsValidator(IOptions<PortalOptions> portal) : IValidateOptions<SingpassOptions>
{
    public ValidateOptionsResult Validate(string? name, SingpassOptions options)
    {
        var check = new OptionsChecks(SingpassOptions.Section);
        check.That(Enum.IsDefined(options.Mode), "Mode must be Simulator, Staging, Production or Off.");
        if (!options.Enabled || !Enum.IsDefined(options.Mode))
        {
            return check.Result();
        }

        var production = options.Mode == SingpassMode.Production;
        // The simulator's own derived issuer lives inside this process at the portal's address, whatever that is.
        var derivedSimulatorIssuer = options.Mode == SingpassMode.Simulator &&
            options.EffectiveIssuer == portal.Value.BaseUrl.TrimEnd('/') + SingpassOptions.SimulatorIssuerPath;
        Endpoint(check, nameof(options.Issuer), options.EffectiveIssuer, production, allowAnyHttpHost: derivedSimulatorIssuer);
        Endpoint(check, nameof(options.RedirectUri), options.RedirectUri, production, allowAnyHttpHost: true);
        check.Require(nameof(options.ClientId), options.ClientId);
        check.That(options.ClientId is null || ClientIdPattern().IsMatch(options.ClientId), "ClientId must be 1 to 128 letters, digits, '-', '_' or '.'.");
        check.That(options.ScopeList.Contains("openid", StringComparer.Ordinal), "Scopes must include 'openid'.");
        check.That(options.ScopeList.All(s => ScopePattern().IsMatch(s)), "Scopes must be space-separated scope names such as 'openid uinfin name'.");
        check.That(string.IsNullOrEmpty(options.AcrValues) || AcrPattern().IsMatch(options.AcrValues),
            "AcrValues must be space-separated values such as 'urn:singpass:authentication:loa:2'.");
        check.That(options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout <= TimeSpan.FromMinutes(2), "RequestTimeout must be between 0 and 2 minutes.");
        check.That(options.MetadataCacheLifetime >= TimeSpan.FromMinutes(1), "MetadataCacheLifetime must be at least a minute.");
        check.That(options.JwksRefreshFloor >= TimeSpan.FromSeconds(1), "JwksRefreshFloor must be at least a second.");
        check.That(options.ClockSkew >= TimeSpan.Zero && options.ClockSkew <= TimeSpan.FromMinutes(5), "ClockSkew must be between 0 and 5 minutes.");
        check.That(options.KeyActivationDelay >= TimeSpan.Zero, "KeyActivationDelay must not be negative.");

        check.FileExists(nameof(options.KeysPath), options.KeysPath);
        if (!string.IsNullOrWhiteSpace(options.KeysPath) && File.Exists(options.KeysPath))
        {
            try
            {
                var problems = SingpassKeySet.Load(options.KeysPath).Problems();
                check.That(problems.Count == 0, $"KeysPath points to '{options.KeysPath}': {string.Join("; ", problems)}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or Crypto.JoseException)
            {
                check.That(false, $"KeysPath points to '{options.KeysPath}', which could not be read as a JWK Set of EC keys ({ex.GetType().Name}).");
            }
        }

        return check.Result();
    }

    /// <summary>An absolute URL; https, or plain http outside Production (for the issuer: only on a loopback host).</summary>
    private static void Endpoint(OptionsChecks check, string key, string? value, bool production, bool allowAnyHttpHost)
    {
        check.AbsoluteHttpUrl(key, value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme == Uri.UriSchemeHttps)
        {
            return;
        }

        check.That(!production, $"{key} must use https in Production.");
        check.That(production || allowAnyHttpHost || IsLoopback(uri), $"{key} may use plain http only for a loopback host (got '{value}').");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,100}( [A-Za-z0-9_.:-]{1,100})*$", RegexOptions.CultureInvariant)]
    private static partial Regex AcrPattern();
}
