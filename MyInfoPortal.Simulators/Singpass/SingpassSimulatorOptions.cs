namespace MyInfoPortal.Simulators.Singpass;

/// <summary>Section <c>Simulators:Singpass</c>: the embedded Singpass FAPI 2.0 server.</summary>
public sealed class SingpassSimulatorOptions
{
    /// <summary>On by default only when <c>Singpass:Mode</c> is Simulator.</summary>
    public bool Enabled { get; set; }

    /// <summary>The simulator's own private signing keys (a JWK Set file, generated at first run when missing).</summary>
    public string? SigningKeysPath { get; set; }

    /// <summary>Registered clients; client 0 is the portal itself in Simulator mode.</summary>
    public List<SingpassSimulatorClient> Clients { get; set; } = [];

    /// <summary>How long a request_uri from PAR stays usable (once).</summary>
    public TimeSpan RequestUriLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an authorization code stays usable (once).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far a DPoP proof's or client assertion's <c>iat</c> may be from the simulator's clock.</summary>
    public TimeSpan ProofWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Start-up fault: <c>None</c>, <c>Down</c>, <c>Slow</c>, <c>Error</c> (500) or <c>JwksRotated</c>.</summary>
    public SingpassFault Fault { get; set; } = SingpassFault.None;
}

/// <summary>A relying party the simulator knows: its id, where its public keys are, and its redirect URIs.</summary>
public sealed class SingpassSimulatorClient
{
    public string? ClientId { get; set; }

    /// <summary>The client's JWKS URL (fetched, cached for a minute, refetched on an unknown kid).</summary>
    public string? JwksUri { get; set; }

    /// <summary>Or a file holding the client's JWK Set (private members, if present, are ignored).</summary>
    public string? JwksPath { get; set; }

    public List<string> RedirectUris { get; set; } = [];
}

public enum SingpassFault
{
    None,

    /// <summary>Every endpoint drops the connection.</summary>
    Down,

    /// <summary>Every endpoint answers after a minute, beyond any client's timeout.</summary>
    Slow,

    /// <summary>Every endpoint answers 500 server_error.</summary>
    Error,

    /// <summary>The simulator signs with a new key that clients have not cached yet (published in its JWKS).</summary>
    JwksRotated,
}
