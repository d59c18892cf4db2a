using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>Section <c>Staff</c>: password rules, lockout and session lifetimes.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session unused this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);
}

public sealed class StaffOptionsValidator : IValidateOptions<StaffOptions>
{
    public const int MaximumPasswordLength = 256;

    public ValidateOptionsResult Validate(string? name, StaffOptions options)
    {
        var check = new OptionsChecks(StaffOptions.Section);
        check.That(options.MinimumPasswordLength is >= 8 and <= MaximumPasswordLength, "MinimumPasswordLength must be between 8 and 256.");
        check.That(options.LockoutThreshold is >= 1 and <= 100, "LockoutThreshold must be between 1 and 100.");
        check.That(options.LockoutDuration > TimeSpan.Zero, "LockoutDuration must be positive.");
        check.That(options.IdleTimeout >= TimeSpan.FromMinutes(1), "IdleTimeout must be at least one minute.");
        check.That(options.AbsoluteTimeout >= options.IdleTimeout, "AbsoluteTimeout must be at least IdleTimeout.");
        return check.Result();
    }
}
