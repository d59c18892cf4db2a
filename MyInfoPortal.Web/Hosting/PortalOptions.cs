using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Hosting;

/// <summary>Where the portal lives and keeps its files. Section <c>Portal</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address residents' browsers use to reach the portal; simulator URLs derive from it.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Folder for the SQLite database, Data Protection keys and logs (relative to the content root).</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";

    /// <summary>Folder where development keys are generated in Simulator mode (relative to the content root).</summary>
    [Required]
    public string CertificatesPath { get; set; } = "../certs";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>; the connection string is <c>ConnectionStrings:Portal</c>.</summary>
    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: IP addresses,
    /// comma-separated. With this and <see cref="KnownNetworks"/> empty, forwarded headers are ignored.
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary>As <see cref="KnownProxies"/>, whole networks in CIDR notation (<c>10.0.0.0/8</c>), comma-separated.</summary>
    public string? KnownNetworks { get; set; }

    public IReadOnlyList<IPAddress> KnownProxyAddresses => Entries(KnownProxies)
        .Select(e => IPAddress.TryParse(e, out var address) ? address : null).OfType<IPAddress>().ToList();

    public IReadOnlyList<System.Net.IPNetwork> KnownProxyNetworks => Entries(KnownNetworks)
        .Select(e => System.Net.IPNetwork.TryParse(e, out var network) ? (System.Net.IPNetwork?)network : null)
        .OfType<System.Net.IPNetwork>().ToList();

    /// <summary>Whether any proxy is trusted, i.e. whether forwarded headers are applied at all.</summary>
    public bool TrustsProxies => KnownProxyAddresses.Count > 0 || KnownProxyNetworks.Count > 0;

    internal static IEnumerable<string> Entries(string? list) =>
        (list ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Proxy entries must parse: a typo would otherwise silently leave forwarded headers ignored.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var check = new OptionsChecks(PortalOptions.Section);
        foreach (var entry in PortalOptions.Entries(options.KnownProxies))
        {
            check.That(IPAddress.TryParse(entry, out _), $"KnownProxies: '{entry}' is not an IP address (list addresses separated by commas; networks go in Portal:KnownNetworks).");
        }

        foreach (var entry in PortalOptions.Entries(options.KnownNetworks))
        {
            check.That(System.Net.IPNetwork.TryParse(entry, out _), $"KnownNetworks: '{entry}' is not a network in CIDR notation such as 10.0.0.0/8.");
        }

        return check.Result();
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
