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
    // Hashed once, verified against when there is no real check to make, so every refusal costs the same.
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
    /// Checks a password. Every refusal (unknown name, wrong password, locked account) costs the same one
    /// hash verification, against a fixed dummy hash when there is no real check to make, so neither the
    /// answer nor its timing tells them apart. A real check first claims one of the account's remaining
    /// attempts in a single conditional UPDATE (failures below the threshold, no lockout running): however
    /// many guesses arrive in parallel, at most <see cref="StaffOptions.LockoutThreshold"/> of them reach the
    /// real hash, and the failure that uses up the last attempt locks the account. Success clears the count.
    /// </summary>
    public async Task<StaffVerification> VerifyAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var threshold = settings.LockoutThreshold;
        var now = time.GetUtcNow().UtcDateTime;
        password ??= string.Empty;
        var user = string.IsNullOrWhiteSpace(userName) || userName.Length > 64 || password.Length > StaffOptionsValidator.MaximumPasswordLength
            ? null
            : await db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == NormaliseUserName(userName), cancellationToken);
        if (user is null)
        {
            VerifyAgainstDummy(password);
            StaffLog.SignInUnknownUser(logger);
            return new StaffVerification(VerifyStaffResult.Invalid, null, null);
        }

        var claimed = await db.StaffUsers
            .Where(u => u.Id == user.Id && u.AccessFailedCount < threshold && (u.LockoutEndsAt == null || u.LockoutEndsAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);
        if (claimed == 0)
        {
            VerifyAgainstDummy(password);
            StaffLog.SignInWhileLocked(logger, user.UserName);
            return new StaffVerification(VerifyStaffResult.LockedOut, null, user.LockoutEndsAt);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // The claimed attempt stays counted. Whichever failure finds the attempts used up locks the
            // account, once: the same statement starts the lockout and clears the count.
            var until = now + settings.LockoutDuration;
            var locked = await db.StaffUsers
                .Where(u => u.Id == user.Id && u.AccessFailedCount >= threshold && (u.LockoutEndsAt == null || u.LockoutEndsAt <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEndsAt, until).SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
            if (locked == 1)
            {
                StaffLog.LockedOut(logger, user.UserName, until);
                return new StaffVerification(VerifyStaffResult.LockedOut, null, until);
            }

            StaffLog.SignInFailed(logger, user.UserName);
            return new StaffVerification(VerifyStaffResult.Invalid, null, null);
        }

        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : user.PasswordHash;
        await db.StaffUsers.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEndsAt, (DateTime?)null)
                .SetProperty(u => u.LastSignInAt, now)
                .SetProperty(u => u.PasswordHash, hash), cancellationToken);
        return new StaffVerification(VerifyStaffResult.Success, user, null);
    }

    /// <summary>The work of a real check, for refusals that have none to make.</summary>
    private void VerifyAgainstDummy(string password) =>
        hasher.VerifyHashedPassword(null!, DummyHash.Value, password.Length > StaffOptionsValidator.MaximumPasswordLength ? string.Empty : password);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
