namespace MyInfoPortal.Simulators;

/// <summary>Section <c>Simulators</c>: the embedded stand-ins for Myinfo v3 and the SafeEntry gateway.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulators";

    public MyInfoSimulatorOptions MyInfo { get; set; } = new();

    public SafeEntrySimulatorOptions SafeEntry { get; set; } = new();

    public Singpass.SingpassSimulatorOptions Singpass { get; set; } = new();
}

public sealed class MyInfoSimulatorOptions
{
    /// <summary>On by default only when <c>MyInfo:Mode</c> is Simulator.</summary>
    public bool Enabled { get; set; }

    /// <summary>The simulator's key: signs access tokens and person JWS.</summary>
    public string? SigningKeyPath { get; set; }

    public string? SigningCertificatePath { get; set; }

    /// <summary>The one client the simulator knows.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The client's certificate: verifies PKI_SIGN, and person responses are encrypted to it.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Registered callback; token calls must present it byte for byte.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Largest accepted difference between a PKI_SIGN timestamp and the simulator's clock.</summary>
    public TimeSpan TimestampSkew { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an authorisation code is kept after it expired, so a late exchange is told "expired", not "invalid".</summary>
    public TimeSpan CodeRetention { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class SafeEntrySimulatorOptions
{
    /// <summary>On by default only when <c>SafeEntry:Mode</c> is Simulator.</summary>
    public bool Enabled { get; set; }

    /// <summary>The gateway's key: submissions are encrypted to its certificate.</summary>
    public string? KeyPath { get; set; }

    public string? CertificatePath { get; set; }

    /// <summary>The one partner app the gateway knows.</summary>
    public string? AppId { get; set; }

    /// <summary>The partner's certificate: verifies PKI_SIGN.</summary>
    public string? ClientCertificatePath { get; set; }

    public TimeSpan TimestampSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Start-up fault: <c>None</c>, <c>Down</c>, <c>Slow</c> or <c>Error</c> (500).</summary>
    public GatewayFault Fault { get; set; } = GatewayFault.None;
}

public enum GatewayFault
{
    None,
    Down,
    Slow,
    Error,
}
