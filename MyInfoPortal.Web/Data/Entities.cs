namespace MyInfoPortal.Web.Data;

// All times are UTC DateTime: SQLite cannot compare DateTimeOffset values in queries.

/// <summary>One Myinfo sign-in, from /login (or the JSON API) to the exchange of its code.</summary>
public sealed class LoginFlow
{
    public Guid Id { get; set; }

    /// <summary>SHA-256 of the state value; the value itself is never stored.</summary>
    public required string StateHash { get; set; }

    /// <summary>SHA-256 of the browser-binding secret held in an HttpOnly cookie.</summary>
    public required string BindingHash { get; set; }

    public LoginOrigin Origin { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? StateConsumedAt { get; set; }

    /// <summary>SHA-256 of the authorisation code that reached the callback.</summary>
    public string? CodeHash { get; set; }

    /// <summary>The code itself, Data Protection encrypted, for the page flow's continuation only.</summary>
    public string? ProtectedCode { get; set; }

    public DateTime? CodeConsumedAt { get; set; }

    /// <summary>Which sign-in provider the flow belongs to; a state only ends a flow of its own provider.</summary>
    public SignInProvider Provider { get; set; }

    /// <summary>Singpass only: SHA-256 of the OIDC nonce sent in the authorization request.</summary>
    public string? NonceHash { get; set; }

    /// <summary>Singpass only: the PKCE verifier and the sign-in's DPoP key, Data Protection encrypted.</summary>
    public string? ProtectedSecrets { get; set; }
}

/// <summary>Who retrieved a profile: Myinfo v3, or Singpass FAPI 2.0 with Myinfo userinfo.</summary>
public enum SignInProvider
{
    MyInfoV3 = 0,
    Singpass = 1,
}

public enum LoginOrigin
{
    Page = 0,
    Api = 1,
}

/// <summary>A retrieved profile, held server-side for the browser that fetched it, then deleted.</summary>
public sealed class ResidentSession
{
    public Guid Id { get; set; }

    /// <summary>SHA-256 of the session cookie's secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The person data, Data Protection encrypted.</summary>
    public required string ProtectedProfile { get; set; }

    /// <summary>Which provider retrieved the profile, shown in the header.</summary>
    public SignInProvider Provider { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}

/// <summary>A nonce seen or sent; the unique index makes reuse impossible.</summary>
public sealed class UsedNonce
{
    public long Id { get; set; }

    /// <summary>Who the nonce belongs to, e.g. <c>safeentry-out</c>.</summary>
    public required string Scope { get; set; }

    public required string Nonce { get; set; }

    public DateTime SeenAt { get; set; }
}

public sealed class StaffUser
{
    public int Id { get; set; }

    /// <summary>Upper-cased for lookups; unique.</summary>
    public required string NormalizedUserName { get; set; }

    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    public int AccessFailedCount { get; set; }

    public DateTime? LockoutEndsAt { get; set; }

    /// <summary>Changes when the password changes or the account is removed, ending live sessions.</summary>
    public required string SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}

/// <summary>
/// One staff sign-in. The cookie carries a random session id; only its hash is stored here, so a
/// sign-out (row deleted) ends that session on the server even if a copy of the cookie survives.
/// </summary>
public sealed class StaffSession
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the session id held in the (encrypted) staff cookie.</summary>
    public required string SessionHash { get; set; }

    public int StaffUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>The absolute end of the session, whatever the activity.</summary>
    public DateTime ExpiresAt { get; set; }
}

/// <summary>A SafeEntry venue the staff have set up.</summary>
public sealed class Venue
{
    public int Id { get; set; }

    /// <summary>The venueId from the venue's QR URL; unique.</summary>
    public required string VenueId { get; set; }

    public required string Name { get; set; }

    /// <summary>Set for a multi-tenant venue.</summary>
    public string? TenantId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>One check-in or check-out, written before it is sent (the outbox).</summary>
public sealed class CheckIn
{
    public long Id { get; set; }

    /// <summary>Made by the browser form; unique, so a double submit stores one row.</summary>
    public Guid SubmissionId { get; set; }

    public required string VenueId { get; set; }

    public string? TenantId { get; set; }

    /// <summary><c>checkin</c> or <c>checkout</c>.</summary>
    public required string ActionType { get; set; }

    /// <summary><c>uinfin</c> or <c>others</c>.</summary>
    public required string SubType { get; set; }

    /// <summary>The full ID, Data Protection encrypted; needed only to send it.</summary>
    public required string ProtectedSub { get; set; }

    public required string SubMasked { get; set; }

    /// <summary>Keyed hash of the ID, to find the same visitor's earlier check-in without decrypting.</summary>
    public required string SubLookup { get; set; }

    public required string ProtectedMobileNo { get; set; }

    public required string MobileMasked { get; set; }

    public CheckInSource Source { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public CheckInStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>What the gateway said, or what went wrong; never personal data.</summary>
    public string? LastError { get; set; }

    public DateTime? AcceptedAt { get; set; }

    /// <summary>Claimed by a dispatcher until then, so two instances never send the same row at once.</summary>
    public DateTime? LeaseUntil { get; set; }
}

public enum CheckInSource
{
    Kiosk = 0,
    Resident = 1,

    /// <summary>A visitor's own phone, from the venue's QR poster (<c>/checkin/{venueId}</c>).</summary>
    Phone = 2,
}

public enum CheckInStatus
{
    Pending = 0,
    Accepted = 1,
    Failed = 2,
    NeedsAttention = 3,

    /// <summary>Sent, but no answer came back: the gateway may have it. Sent again after SafeEntry:UnconfirmedRetryDelay.</summary>
    Unconfirmed = 4,
}

/// <summary>
/// A per-install secret every instance shares (e.g. the key of the visitor lookup hash), kept in the
/// database so that several instances agree, and Data Protection encrypted.
/// </summary>
public sealed class InstallSecret
{
    public required string Name { get; set; }

    public required string ProtectedValue { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One row. Before migrations, the schema version the database was created with (3 in the last such
/// release); since then always <see cref="DatabaseInitializer.MigrationsManagedVersion"/>, written by a
/// migration, so that the older release refuses a database that migrations have upgraded. The schema's
/// version now lives in <c>__EFMigrationsHistory</c>.
/// </summary>
public sealed class SchemaInfo
{
    public int Id { get; set; }

    public int Version { get; set; }
}
