using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Staff;

public enum CreateStaffResult
{
    Created,
    InvalidUserName,
    PasswordTooShort,
    PasswordTooLong,
    AlreadyExists,
}

public enum VerifyStaffResult
{
    Success,
    Invalid,
    LockedOut,
}

public sealed record StaffVerification(VerifyStaffResult Result, StaffUser? User, DateTime? LockedUntil);

public sealed record StaffAccountSummary(string UserName, DateTime CreatedAt, DateTime? LastSignInAt, DateTime? LockedUntil);

/// <summary>
/// Staff accounts: creation, removal, listing and password checks with lockout. Shared by the sign-in
/// page and the <c>staff</c> command-line verbs, so both apply the same rules.
/// </summary>
public sealed partial class StaffAccountService(
    PortalDbContext db,
    IPasswordHasher<StaffUser> hasher,
    IOptions<StaffOptions> options,
    TimeProvider time,
    ILogger<StaffAccountService> logger)
{
    // Hashed once, verified against when the username is unknown, so both paths cost the same.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<StaffUser>().HashPassword(null!, Hashing.NewSecret()));

    public static bool IsValidUserName(string? userName) =>
        userName is not null && UserNamePattern().IsMatch(userName);

    public static string NormaliseUserName(string userName) => userName.Trim().ToUpperInvariant();

    public async Task<CreateStaffResult> CreateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        userName = userName.Trim();
        if (!IsValidUserName(userName))
        {
            return CreateStaffResult.InvalidUserName;
        }

        if (password.Length < options.Value.MinimumPasswordLength)
        {
            return CreateStaffResult.PasswordTooShort;
        }

        if (password.Length > StaffOptionsValidator.MaximumPasswordLength)
        {
            return CreateStaffResult.PasswordTooLong;
        }

        var normalised = NormaliseUserName(userName);
        if (await db.StaffUsers.AnyAsync(u => u.NormalizedUserName == normalised, cancellationToken))
        {
            return CreateStaffResult.AlreadyExists;
        }

        var user = new StaffUser
        {
            UserName = userName,
            NormalizedUserName = normalised,
            PasswordHash = string.Empty,
            SecurityStamp = Hashing.NewSecret(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.StaffUsers.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process created the same name between the check and the insert.
            return CreateStaffResult.AlreadyExists;
        }

        StaffLog.AccountCreated(logger, userName);
        return CreateStaffResult.Created;
    }

    public async Task<IReadOnlyList<StaffAccountSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var users = await db.StaffUsers.AsNoTracking().OrderBy(u => u.NormalizedUserName).ToListAsync(cancellationToken);
        return users
            .Select(u => new StaffAccountSummary(u.UserName, u.CreatedAt, u.LastSignInAt, u.LockoutEndsAt > now ? u.LockoutEndsAt : null))
            .ToList();
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.StaffUsers.AnyAsync(cancellationToken);

    /// <summary>Deletes the account and every session it holds. False if there is no such account.</summary>
    public async Task<bool> RemoveAsync(string userName, CancellationToken cancellationToken)
    {
        var normalised = NormaliseUserName(userName);
        var user = await db.StaffUsers.SingleOrDefaultAsync(u => u.NormalizedUserName == normalised, cancellationToken);
        if (user is null)
        {
            return false;
        }

        await db.StaffSessions.Where(s => s.StaffUserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        db.StaffUsers.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        StaffLog.AccountRemoved(logger, user.UserName);
        return true;
    }

    /// <summary>
    /// Checks a password. Repeated failures lock the account for a while; a locked account refuses even
    /// the right password. Success clears the failure count.
    /// </summary>
    public async Task<StaffVerification> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        password ??= string.Empty;
        var user = string.IsNullOrWhiteSpace(userName) || userName.Length > 64
            ? null
            : await db.StaffUsers.SingleOrDefaultAsync(u => u.NormalizedUserName == NormaliseUserName(userName), cancellationToken);

        if (user is null || password.Length > StaffOptionsValidator.MaximumPasswordLength)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password.Length > StaffOptionsValidator.MaximumPasswordLength ? string.Empty : password);
            StaffLog.SignInUnknownUser(logger);
            return new StaffVerification(VerifyStaffResult.Invalid, null, null);
        }

        if (user.LockoutEndsAt > now)
        {
            StaffLog.SignInWhileLocked(logger, user.UserName);
            return new StaffVerification(VerifyStaffResult.LockedOut, null, user.LockoutEndsAt);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // One statement, so parallel guesses cannot lose increments.
            await db.StaffUsers.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);
            var failed = await db.StaffUsers.Where(u => u.Id == user.Id).Select(u => u.AccessFailedCount).SingleAsync(cancellationToken);
            StaffLog.SignInFailed(logger, user.UserName, failed);
            if (failed >= settings.LockoutThreshold)
            {
                var until = now + settings.LockoutDuration;
                await db.StaffUsers.Where(u => u.Id == user.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEndsAt, until).SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
                StaffLog.LockedOut(logger, user.UserName, until);
                return new StaffVerification(VerifyStaffResult.LockedOut, null, until);
            }

            return new StaffVerification(VerifyStaffResult.Invalid, null, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.AccessFailedCount = 0;
        user.LockoutEndsAt = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new StaffVerification(VerifyStaffResult.Success, user, null);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
