namespace MyInfoPortal.Simulators.Data;

/// <summary>What the SafeEntry gateway simulator accepted (masked, as a real gateway's log would be).</summary>
public sealed class GatewayReceipt
{
    public long Id { get; set; }

    public required string VenueId { get; set; }

    public string? TenantId { get; set; }

    public required string ActionType { get; set; }

    public required string SubType { get; set; }

    public required string SubMasked { get; set; }

    public required string MobileMasked { get; set; }

    public DateTime ReceivedAt { get; set; }
}

/// <summary>An authorisation code issued by the Myinfo simulator.</summary>
public sealed class SimulatorAuthCode
{
    public long Id { get; set; }

    public required string CodeHash { get; set; }

    public required string PersonaId { get; set; }

    public required string Attributes { get; set; }

    public required string ClientId { get; set; }

    public required string RedirectUri { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }
}

/// <summary>A PKI_SIGN nonce a simulator has seen; the unique index makes a replay impossible.</summary>
public sealed class SimulatorNonce
{
    public long Id { get; set; }

    /// <summary>Which simulator saw it: <c>sim-myinfo</c> or <c>sim-safeentry</c>.</summary>
    public required string Scope { get; set; }

    public required string Nonce { get; set; }

    public DateTime SeenAt { get; set; }
}
