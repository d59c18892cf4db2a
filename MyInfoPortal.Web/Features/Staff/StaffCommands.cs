using System.Globalization;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>
/// <c>staff add &lt;username&gt; --password-stdin</c>, <c>staff list</c>, <c>staff remove &lt;username&gt;</c>.
/// Exit codes: 0 done, 1 failed, 2 usage. Passwords are read from standard input only, never from
/// the command line (where they would show in shell history and process listings).
/// </summary>
public static class StaffCommands
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    private const string UsageText = """
        Usage:
          staff add <username> --password-stdin   create an account; the password is read from standard input
          staff list                              list accounts
          staff remove <username>                 delete an account and end its sessions
        Example:
          printf '%s\n' "$PASSWORD" | dotnet run --project MyInfoPortal.Web -- staff add alice --password-stdin
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
        var verb = args.Length > 0 ? args[0] : string.Empty;
        return verb switch
        {
            "add" => await AddAsync(accounts, scope.ServiceProvider, args[1..], input, output, error),
            "list" when args.Length == 1 => await ListAsync(accounts, output),
            "remove" when args.Length == 2 => await RemoveAsync(accounts, args[1], output, error),
            _ => await UsageAsync(error, verb.Length == 0 ? null : $"Unknown or incomplete command: staff {string.Join(' ', args.Take(1))}"),
        };
    }

    private static async Task<int> AddAsync(StaffAccountService accounts, IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var userName = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var fromStdin = args.Contains("--password-stdin", StringComparer.Ordinal);
        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--password-stdin").ToList();
        if (unknown.Count > 0)
        {
            // Deliberately not echoed: an unknown option may be a password typed on the command line.
            return await UsageAsync(error, "Unknown option. Passwords are never accepted as arguments: use --password-stdin.");
        }

        if (userName is null || args.Count(a => !a.StartsWith("--", StringComparison.Ordinal)) != 1)
        {
            return await UsageAsync(error, "staff add needs exactly one username.");
        }

        if (!fromStdin)
        {
            return await UsageAsync(error, "staff add needs --password-stdin: pipe the password in on standard input.");
        }

        var password = ReadPassword(input);
        if (password.Length == 0)
        {
            await error.WriteLineAsync("No password was given on standard input.");
            return Failure;
        }

        var minimum = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StaffOptions>>().Value.MinimumPasswordLength;
        var result = await accounts.CreateAsync(userName, password, CancellationToken.None);
        switch (result)
        {
            case CreateStaffResult.Created:
                await output.WriteLineAsync($"Created staff account '{userName.Trim()}'. Sign in at /staff/login.");
                return Ok;
            case CreateStaffResult.AlreadyExists:
                await error.WriteLineAsync($"A staff account named '{userName.Trim()}' already exists.");
                return Failure;
            case CreateStaffResult.InvalidUserName:
                await error.WriteLineAsync("Usernames are 3 to 64 characters: letters, digits, '.', '_', '-' or '@', starting with a letter or digit.");
                return Failure;
            case CreateStaffResult.PasswordTooShort:
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The password is too short: use at least {minimum} characters."));
                return Failure;
            default:
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"The password is too long: use at most {StaffOptionsValidator.MaximumPasswordLength} characters."));
                return Failure;
        }
    }

    private static async Task<int> ListAsync(StaffAccountService accounts, TextWriter output)
    {
        var list = await accounts.ListAsync(CancellationToken.None);
        if (list.Count == 0)
        {
            await output.WriteLineAsync("No staff accounts. Create one with: staff add <username> --password-stdin");
            return Ok;
        }

        await output.WriteLineAsync($"{"USERNAME",-24} {"CREATED (UTC)",-20} {"LAST SIGN-IN (UTC)",-20} STATE");
        foreach (var account in list)
        {
            var state = account.LockedUntil is { } until ? $"locked until {until:yyyy-MM-dd HH:mm}" : "active";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{account.UserName,-24} {account.CreatedAt,-20:yyyy-MM-dd HH:mm} {(account.LastSignInAt is { } last ? last.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never"),-20} {state}"));
        }

        return Ok;
    }

    private static async Task<int> RemoveAsync(StaffAccountService accounts, string userName, TextWriter output, TextWriter error)
    {
        if (await accounts.RemoveAsync(userName, CancellationToken.None))
        {
            await output.WriteLineAsync($"Removed staff account '{userName}'; its sessions have ended.");
            return Ok;
        }

        await error.WriteLineAsync($"There is no staff account named '{userName}'.");
        return Failure;
    }

    private static async Task<int> UsageAsync(TextWriter error, string? problem)
    {
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
        }

        await error.WriteLineAsync(UsageText);
        return Usage;
    }

    /// <summary>The first line of standard input, without its line ending.</summary>
    private static string ReadPassword(TextReader input) => (input.ReadLine() ?? string.Empty).TrimEnd('\r', '\n');
}
