using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>Section <c>Kiosk</c>.</summary>
public sealed class KioskOptions
{
    public const string Section = "Kiosk";

    /// <summary>How long the confirmation stays before the form resets for the next visitor.</summary>
    public int ConfirmationSeconds { get; set; } = 8;

    /// <summary>
    /// How long a submission waits for the gateway's answer before the confirmation shows
    /// "saved, sending" instead (the outbox keeps trying either way). Zero: never wait.
    /// </summary>
    public TimeSpan ResultWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>IANA time zone that decides what "today" is on the kiosk and in the log.</summary>
    public string TimeZone { get; set; } = "Asia/Singapore";

    /// <summary>How long a device keeps its kiosk set-up.</summary>
    public int DeviceSetupDays { get; set; } = 365;

    /// <summary>Days of unresolved (failed, pending, needs attention) submissions listed under the selected day in the log.</summary>
    public int RecentDays { get; set; } = 7;
}

public sealed class KioskOptionsValidator : IValidateOptions<KioskOptions>
{
    public ValidateOptionsResult Validate(string? name, KioskOptions options)
    {
        var check = new OptionsChecks(KioskOptions.Section);
        check.That(options.ConfirmationSeconds is >= 2 and <= 120, "ConfirmationSeconds must be between 2 and 120.");
        check.That(options.ResultWait >= TimeSpan.Zero && options.ResultWait <= TimeSpan.FromSeconds(30), "ResultWait must be between 0 and 30 seconds.");
        check.That(options.DeviceSetupDays is >= 1 and <= 3650, "DeviceSetupDays must be between 1 and 3650.");
        check.That(options.RecentDays is >= 0 and <= 90, "RecentDays must be between 0 and 90.");
        check.That(KioskClock.TryFindZone(options.TimeZone, out _), $"TimeZone '{options.TimeZone}' is not a known time zone.");
        return check.Result();
    }
}
