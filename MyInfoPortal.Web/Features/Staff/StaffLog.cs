namespace MyInfoPortal.Web.Features.Staff;

/// <summary>Staff account and session events, 3000-3099. Usernames only: never passwords or session ids.</summary>
internal static partial class StaffLog
{
    [LoggerMessage(3000, LogLevel.Information, "Staff account {UserName} created")]
    public static partial void AccountCreated(ILogger logger, string userName);

    [LoggerMessage(3001, LogLevel.Information, "Staff account {UserName} removed; its sessions ended")]
    public static partial void AccountRemoved(ILogger logger, string userName);

    [LoggerMessage(3002, LogLevel.Information, "Staff {UserName} signed in")]
    public static partial void SignedIn(ILogger logger, string userName);

    [LoggerMessage(3003, LogLevel.Warning, "Staff sign-in failed for {UserName}: wrong password")]
    public static partial void SignInFailed(ILogger logger, string userName);

    [LoggerMessage(3004, LogLevel.Warning, "Staff sign-in with an unknown username")]
    public static partial void SignInUnknownUser(ILogger logger);

    [LoggerMessage(3005, LogLevel.Warning, "Staff account {UserName} locked until {LockedUntil:u} after repeated failures")]
    public static partial void LockedOut(ILogger logger, string userName, DateTime lockedUntil);

    [LoggerMessage(3006, LogLevel.Warning, "Staff sign-in refused: account {UserName} is locked")]
    public static partial void SignInWhileLocked(ILogger logger, string userName);

    [LoggerMessage(3007, LogLevel.Information, "Staff {UserName} signed out")]
    public static partial void SignedOut(ILogger logger, string userName);

    [LoggerMessage(3008, LogLevel.Information, "Staff session ended: {Reason}")]
    public static partial void SessionRejected(ILogger logger, string reason);

    [LoggerMessage(3009, LogLevel.Warning, "No staff accounts exist yet. Create the first one with: dotnet run --project MyInfoPortal.Web -- staff add <username> --password-stdin")]
    public static partial void NoStaffAccounts(ILogger logger);

    [LoggerMessage(3010, LogLevel.Warning, "Sign-in return URL was not local and was ignored")]
    public static partial void NonLocalReturnUrl(ILogger logger);

    [LoggerMessage(3011, LogLevel.Warning, "Sign-in return URL held control or formatting characters and was ignored")]
    public static partial void UnprintableReturnUrl(ILogger logger);
}
