using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>Section <c>MyInfo</c>. In Simulator mode every blank value is filled in at start.</summary>
public sealed class MyInfoOptions
{
    public const string Section = "MyInfo";

    public const string DefaultAttributes = "name,dob,birthcountry,nationality,uinfin,sex,regadd";

    public ServiceMode Mode { get; set; } = ServiceMode.Simulator;

    public string? AuthoriseUrl { get; set; }

    public string? TokenUrl { get; set; }

    /// <summary>The person call goes to <c>{PersonUrl}/{sub}/</c>.</summary>
    public string? PersonUrl { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Defaults to <see cref="ClientId"/>.</summary>
    public string? AppId { get; set; }

    /// <summary>Our callback, byte-equal in the authorise and token calls.</summary>
    public string? RedirectUri { get; set; }

    public string Attributes { get; set; } = DefaultAttributes;

    public string Purpose { get; set; } = "to show you your Myinfo profile";

    /// <summary>Government variant only (<c>/gov/v3</c>).</summary>
    public string? SpEsvcId { get; set; }

    public string? ClientPrivateKeyPath { get; set; }

    public string? ClientPrivateKeyPassword { get; set; }

    public string? ClientCertificatePath { get; set; }

    /// <summary>Myinfo's signing certificate: verifies the access token and the person JWS.</summary>
    public string? MyInfoCertificatePath { get; set; }

    public string? TokenIssuer { get; set; }

    public string? TokenAudience { get; set; }

    /// <summary>How long a started sign-in may take before its state expires.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a retrieved profile stays available to the browser that fetched it.</summary>
    public TimeSpan ProfileLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a sign-in flow is kept after its state expired, so a late or replayed callback is told
    /// "already used" or "expired" rather than "unknown"; housekeeping deletes it after that.
    /// </summary>
    public TimeSpan FlowRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-call timeout for the token and person calls.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public string EffectiveAppId => string.IsNullOrWhiteSpace(AppId) ? ClientId ?? string.Empty : AppId;

    public IReadOnlyList<string> AttributeList =>
        Attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
