using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Staff;

public enum SessionCheck
{
    Valid,
    Unknown,
    AccountChanged,
    Idle,
    Expired,
}

/// <summary>
/// Server-side staff sessions. Every sign-in makes a new random session id (so an identifier planted
/// before sign-in is worthless), stores only its hash, and puts the id and the account's security stamp
/// in the encrypted cookie. A request is accepted only while the row exists, the stamp still matches
/// and neither the idle nor the absolute limit has passed.
/// </summary>
public sealed class StaffSessionService(PortalDbContext db, IOptions<StaffOptions> options, TimeProvider time, ILogger<StaffSessionService> logger)
{
    /// <summary>How often LastSeenAt is written for an active session (not on every request).</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The check every staff request makes, compiled once: as a LINQ query EF Core walked the expression
    /// (with its subquery) to pull out the parameters and looked it up in its cache on every request, which
    /// cost more than running it.
    /// </summary>
    private static readonly CompiledPerModel<Func<PortalDbContext, string, int, CancellationToken, Task<SessionRow?>>> SessionQuery = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, string hash, int userId, CancellationToken _) => db.StaffSessions.AsNoTracking()
            .Where(s => s.SessionHash == hash && s.StaffUserId == userId)
            .Select(s => new SessionRow(
                s.Id,
                s.LastSeenAt,
                s.ExpiresAt,
                db.StaffUsers.Where(u => u.Id == s.StaffUserId).Select(u => u.SecurityStamp).FirstOrDefault()))
            .SingleOrDefault()));

    private sealed record SessionRow(long Id, DateTime LastSeenAt, DateTime ExpiresAt, string? Stamp);

    public async Task SignInAsync(HttpContext context, StaffUser user, CancellationToken cancellationToken)
    {
        // Rotation: whatever session this browser had ends before the new one starts.
        await EndCurrentAsync(context, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        await db.StaffSessions
            .Where(s => s.ExpiresAt <= now || s.LastSeenAt <= now - settings.IdleTimeout)
            .ExecuteDeleteAsync(cancellationToken);

        var sessionId = Hashing.NewSecret();
        db.StaffSessions.Add(new StaffSession
        {
            SessionHash = Hashing.Sha256Hex(sessionId),
            StaffUserId = user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + settings.AbsoluteTimeout,
        });
        await db.SaveChangesAsync(cancellationToken);

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(StaffAuth.SessionClaim, sessionId),
                new Claim(StaffAuth.StampClaim, user.SecurityStamp),
            ],
            StaffAuth.Scheme,
            ClaimTypes.Name,
            ClaimTypes.Role);
        await context.SignInAsync(StaffAuth.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = true,
            IssuedUtc = time.GetUtcNow(),
        });
        StaffLog.SignedIn(logger, user.UserName);
    }

    /// <summary>Deletes this browser's session row and its cookie.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var name = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        await EndCurrentAsync(context, cancellationToken);
        await context.SignOutAsync(StaffAuth.Scheme);
        if (name is not null)
        {
            StaffLog.SignedOut(logger, name);
        }
    }

    public async Task<SessionCheck> CheckAsync(ClaimsPrincipal principal, bool touch, CancellationToken cancellationToken)
    {
        var sessionId = principal.FindFirstValue(StaffAuth.SessionClaim);
        var stamp = principal.FindFirstValue(StaffAuth.StampClaim);
        if (sessionId is null || stamp is null || !int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return SessionCheck.Unknown;
        }

        var row = await SessionQuery.For(db)(db, Hashing.Sha256Hex(sessionId), userId, cancellationToken);
        if (row is null)
        {
            return SessionCheck.Unknown;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var verdict = !string.Equals(row.Stamp, stamp, StringComparison.Ordinal) ? SessionCheck.AccountChanged
            : row.ExpiresAt <= now ? SessionCheck.Expired
            : row.LastSeenAt + options.Value.IdleTimeout <= now ? SessionCheck.Idle
            : SessionCheck.Valid;
        if (verdict != SessionCheck.Valid)
        {
            await db.StaffSessions.Where(s => s.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
            return verdict;
        }

        if (touch && now - row.LastSeenAt >= TouchInterval)
        {
            await db.StaffSessions.Where(s => s.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return SessionCheck.Valid;
    }

    private async Task EndCurrentAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var result = await context.AuthenticateAsync(StaffAuth.Scheme);
        var sessionId = result.Principal?.FindFirstValue(StaffAuth.SessionClaim);
        if (sessionId is not null)
        {
            var hash = Hashing.Sha256Hex(sessionId);
            await db.StaffSessions.Where(s => s.SessionHash == hash).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
