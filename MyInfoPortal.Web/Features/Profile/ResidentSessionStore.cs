using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.Profile;

/// <summary>A profile held for one browser.</summary>
public sealed record ResidentProfile(Guid SessionId, PersonProfile Person, DateTime RetrievedAt, DateTime ExpiresAt, SignInProvider Provider = SignInProvider.MyInfoV3);

/// <summary>A session just created; the token goes into the browser's cookie and is stored only as a hash.</summary>
public sealed record NewResidentSession(Guid SessionId, string Token, DateTime ExpiresAt);

/// <summary>
/// Retrieved profiles, server-side: Data Protection encrypted JSON in ResidentSessions, found by the
/// SHA-256 of the session cookie, gone at sign-out or expiry (MyInfo:ProfileLifetime).
/// </summary>
public sealed class ResidentSessionStore(
    PortalDbContext db,
    TimeProvider time,
    IOptions<MyInfoOptions> options,
    IDataProtectionProvider dataProtection,
    ILogger<ResidentSessionStore> logger)
{
    private const string ProfilePurpose = "MyInfoPortal.Profile.PersonData.v1";

    /// <summary>Every profile page reads its session by the token's hash: compiled once.</summary>
    private static readonly CompiledPerModel<Func<PortalDbContext, string, CancellationToken, Task<ResidentSession?>>> ByTokenHash = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string tokenHash, CancellationToken _) =>
            db.ResidentSessions.AsNoTracking().SingleOrDefault(s => s.TokenHash == tokenHash)));

    private IDataProtector Protector => dataProtection.CreateProtector(ProfilePurpose);

    /// <summary>Stores the profile under a fresh token; the browser's previous session, if any, ends (rotation at sign-in).</summary>
    public Task<NewResidentSession> CreateAsync(PersonProfile person, string? previousToken, CancellationToken cancellationToken) =>
        CreateAsync(person, previousToken, SignInProvider.MyInfoV3, cancellationToken);

    /// <summary>As above, recording which provider retrieved the profile.</summary>
    public async Task<NewResidentSession> CreateAsync(PersonProfile person, string? previousToken, SignInProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        // Expired profiles are purged by ResidentDataHousekeeping every minute, off the request path;
        // reads refuse (and delete) an expired one themselves.
        var now = time.GetUtcNow().UtcDateTime;
        await using var unsynced = await UnsyncedWrites.BeginAsync(db, cancellationToken);
        if (SignIn.SignInInput.IsSecret(previousToken))
        {
            var previousHash = Hashing.Sha256Hex(previousToken!);
            await db.ResidentSessions.Where(s => s.TokenHash == previousHash).ExecuteDeleteAsync(cancellationToken);
        }

        var token = Hashing.NewSecret();
        var session = new ResidentSession
        {
            Id = Guid.NewGuid(),
            TokenHash = Hashing.Sha256Hex(token),
            ProtectedProfile = Protector.Protect(person.ToJson()),
            Provider = provider,
            CreatedAt = now,
            ExpiresAt = now + options.Value.ProfileLifetime,
        };
        db.ResidentSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        MyInfoLog.SessionCreated(logger, session.Id, session.ExpiresAt);
        return new NewResidentSession(session.Id, token, session.ExpiresAt);
    }

    /// <summary>Deletes every profile past its lifetime, whether or not its browser comes back.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.ResidentSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<ResidentProfile?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (!SignIn.SignInInput.IsSecret(token))
        {
            return null;
        }

        var hash = Hashing.Sha256Hex(token!);
        var session = await ByTokenHash.For(db)(db, hash, cancellationToken);
        if (session is null)
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            await db.ResidentSessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        try
        {
            var person = PersonProfile.Parse(Protector.Unprotect(session.ProtectedProfile));
            return new ResidentProfile(session.Id, person, session.CreatedAt, session.ExpiresAt, session.Provider);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            MyInfoLog.SessionUnreadable(logger, ex.GetType().Name);
            await db.ResidentSessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync(cancellationToken);
            return null;
        }
    }

    /// <returns>The ended session's id, or null when there was none.</returns>
    public async Task<Guid?> DeleteAsync(string? token, CancellationToken cancellationToken)
    {
        if (!SignIn.SignInInput.IsSecret(token))
        {
            return null;
        }

        var hash = Hashing.Sha256Hex(token!);
        var id = await db.ResidentSessions.Where(s => s.TokenHash == hash).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is not null)
        {
            await db.ResidentSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        }

        return id;
    }
}
