namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>Which Singpass FAPI 2.0 server the portal signs residents in with.</summary>
public enum SingpassMode
{
    /// <summary>The embedded simulator; keys, client id and issuer are made up automatically.</summary>
    Simulator,

    /// <summary>Singpass staging (<c>https://stg-id.singpass.gov.sg/fapi</c>).</summary>
    Staging,

    /// <summary>Singpass production (<c>https://id.singpass.gov.sg/fapi</c>).</summary>
    Production,

    /// <summary>No Singpass sign-in: only Myinfo v3 is offered.</summary>
    Off,
}

/// <summary>
/// Section <c>Singpass</c>: the FAPI 2.0 sign-in with Myinfo userinfo. In Simulator mode every blank
/// value is filled in at start; in Staging and Production the issuer is derived from the mode.
/// </summary>
public sealed class SingpassOptions
{
    public const string Section = "Singpass";

    public const string StagingIssuer = "https://stg-id.singpass.gov.sg/fapi";

    public const string ProductionIssuer = "https://id.singpass.gov.sg/fapi";

    /// <summary>Where the embedded simulator's issuer sits under <c>Portal:BaseUrl</c>.</summary>
    public const string SimulatorIssuerPath = "/sim/singpass/fapi";

    public const string DefaultScopes = "openid uinfin name sex dob nationality birthcountry regadd";

    public SingpassMode Mode { get; set; } = SingpassMode.Simulator;

    /// <summary>The FAPI issuer; discovery is read from <c>{Issuer}/.well-known/openid-configuration</c>.</summary>
    public string? Issuer { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Our callback; must be registered with Singpass byte for byte.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Space-separated; must include <c>openid</c>. Myinfo data are scopes named after the catalogue.</summary>
    public string Scopes { get; set; } = DefaultScopes;

    /// <summary>The JWK Set file holding our private EC keys (signing and encryption).</summary>
    public string? KeysPath { get; set; }

    /// <summary>Optional, e.g. <c>urn:singpass:authentication:loa:2</c>.</summary>
    public string? AcrValues { get; set; }

    /// <summary>Per-call timeout for discovery, PAR, token, userinfo and JWKS calls.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long discovery and the issuer's JWKS are cached.</summary>
    public TimeSpan MetadataCacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest time between two JWKS refetches caused by an unknown <c>kid</c>.</summary>
    public TimeSpan JwksRefreshFloor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tolerance for <c>exp</c>/<c>iat</c> of ID tokens against our clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A newly added signing key is published at once but used only after this long, so that Singpass
    /// (which caches client JWKS for about an hour) knows it before the first assertion it signs.
    /// </summary>
    public TimeSpan KeyActivationDelay { get; set; } = TimeSpan.FromMinutes(65);

    public bool Enabled => Mode != SingpassMode.Off;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The configured issuer, else the mode's; compared byte for byte, so never trimmed or rewritten.</summary>
    public string EffectiveIssuer => !string.IsNullOrWhiteSpace(Issuer)
        ? Issuer
        : Mode switch
        {
            SingpassMode.Staging => StagingIssuer,
            SingpassMode.Production => ProductionIssuer,
            _ => string.Empty,
        };
}
