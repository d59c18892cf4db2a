using System.Security.Cryptography;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// In Simulator mode, fills every blank key, URL and credential so that <c>dotnet run</c> works on a
/// fresh clone: development key pairs and a client secret are generated once into the certificates
/// folder and reused after. Values an operator set are never overwritten.
/// </summary>
public static class SimulatorDefaults
{
    public const string MyInfoSimulatorPath = "/sim/myinfo/v3";
    public const string SafeEntrySimulatorPath = "/sim/safeentry/partner/v1/entry";
    public const string SimulatorClientId = "MYINFOPORTAL-SIM";

    /// <summary>The portal's client id at the embedded Singpass simulator.</summary>
    public const string SingpassSimulatorClientId = "myinfoportal-simulator-client";

    public static void Apply(IConfigurationManager configuration, PortalPaths paths, TimeProvider time)
    {
        var myInfoMode = configuration.GetValue(MyInfoOptions.Section + ":Mode", ServiceMode.Simulator);
        var safeEntryMode = configuration.GetValue(SafeEntryOptions.Section + ":Mode", ServiceMode.Simulator);
        var baseUrl = (configuration["Portal:BaseUrl"] ?? new PortalOptions().BaseUrl).TrimEnd('/');
        var values = new Dictionary<string, string?>();

        void Default(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(configuration[key]))
            {
                values[key] = value;
            }
        }

        Default("MyInfo:RedirectUri", baseUrl + "/callback");

        if (myInfoMode == ServiceMode.Simulator || safeEntryMode == ServiceMode.Simulator)
        {
            var folder = paths.CertificatesFolder;
            var portal = DevelopmentCertificates.Ensure(folder, "portal", "MyInfoPortal client", time);

            if (myInfoMode == ServiceMode.Simulator)
            {
                var myInfo = DevelopmentCertificates.Ensure(folder, "myinfo-simulator", "Myinfo v3 simulator", time);
                var secret = EnsureSecret(Path.Combine(folder, "myinfo-simulator.client-secret"));
                var simBase = baseUrl + MyInfoSimulatorPath;
                Default("MyInfo:AuthoriseUrl", simBase + "/authorise");
                Default("MyInfo:TokenUrl", simBase + "/token");
                Default("MyInfo:PersonUrl", simBase + "/person");
                Default("MyInfo:ClientId", SimulatorClientId);
                Default("MyInfo:ClientSecret", secret);
                Default("MyInfo:ClientPrivateKeyPath", portal.KeyPath);
                Default("MyInfo:ClientCertificatePath", portal.CertificatePath);
                Default("MyInfo:MyInfoCertificatePath", myInfo.CertificatePath);

                // The simulator's tokens carry iss = its base URL and aud = the client id: check both.
                Default("MyInfo:TokenIssuer", simBase);
                Default("MyInfo:TokenAudience", configuration["MyInfo:ClientId"] ?? SimulatorClientId);
                Default("Simulators:MyInfo:Enabled", "true");
                Default("Simulators:MyInfo:SigningKeyPath", myInfo.KeyPath);
                Default("Simulators:MyInfo:SigningCertificatePath", myInfo.CertificatePath);
                Default("Simulators:MyInfo:ClientId", configuration["MyInfo:ClientId"] ?? SimulatorClientId);
                Default("Simulators:MyInfo:ClientSecret", configuration["MyInfo:ClientSecret"] ?? secret);
                Default("Simulators:MyInfo:ClientCertificatePath", configuration["MyInfo:ClientCertificatePath"] ?? portal.CertificatePath);
                Default("Simulators:MyInfo:RedirectUri", configuration["MyInfo:RedirectUri"] ?? baseUrl + "/callback");
            }

            if (safeEntryMode == ServiceMode.Simulator)
            {
                var gateway = DevelopmentCertificates.Ensure(folder, "safeentry-simulator", "SafeEntry gateway simulator", time);
                Default("SafeEntry:EntryUrl", baseUrl + SafeEntrySimulatorPath);
                Default("SafeEntry:AppId", SimulatorClientId);
                Default("SafeEntry:PrivateKeyPath", portal.KeyPath);
                Default("SafeEntry:GatewayCertificatePath", gateway.CertificatePath);
                Default("Simulators:SafeEntry:Enabled", "true");
                Default("Simulators:SafeEntry:KeyPath", gateway.KeyPath);
                Default("Simulators:SafeEntry:CertificatePath", gateway.CertificatePath);
                Default("Simulators:SafeEntry:AppId", configuration["SafeEntry:AppId"] ?? SimulatorClientId);
                Default("Simulators:SafeEntry:ClientCertificatePath", portal.CertificatePath);
            }
        }

        ApplySingpass(configuration, paths, time, baseUrl, Default);
        configuration.AddInMemoryCollection(values);
    }

    /// <summary>
    /// Singpass: the redirect URI in every mode; in Simulator mode also the issuer, the client id, and a
    /// generated key set, registered as the simulator's client 0.
    /// </summary>
    private static void ApplySingpass(IConfigurationManager configuration, PortalPaths paths, TimeProvider time, string baseUrl, Action<string, string?> Default)
    {
        var mode = configuration.GetValue(SingpassOptions.Section + ":Mode", SingpassMode.Simulator);
        var redirectUri = configuration["Singpass:RedirectUri"] is { Length: > 0 } configured ? configured : baseUrl + "/singpass/callback";
        Default("Singpass:RedirectUri", redirectUri);
        if (mode != SingpassMode.Simulator)
        {
            return;
        }

        var clientId = configuration["Singpass:ClientId"] is { Length: > 0 } id ? id : SingpassSimulatorClientId;
        var keysPath = configuration["Singpass:KeysPath"];
        if (string.IsNullOrWhiteSpace(keysPath))
        {
            keysPath = Path.Combine(paths.CertificatesFolder, "singpass-client.jwks.json");
            if (!File.Exists(keysPath))
            {
                SingpassKeySet.Generate(time.GetUtcNow()).SaveIfAbsent(keysPath);
            }
        }

        Default("Singpass:Issuer", baseUrl + SingpassOptions.SimulatorIssuerPath);
        Default("Singpass:ClientId", clientId);
        Default("Singpass:KeysPath", keysPath);
        Default("Simulators:Singpass:Enabled", "true");
        Default("Simulators:Singpass:SigningKeysPath", Path.Combine(paths.CertificatesFolder, "singpass-simulator.jwks.json"));
        Default("Simulators:Singpass:Clients:0:ClientId", clientId);
        Default("Simulators:Singpass:Clients:0:JwksPath", keysPath);
        Default("Simulators:Singpass:Clients:0:RedirectUris:0", redirectUri);
    }

    private static string EnsureSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
