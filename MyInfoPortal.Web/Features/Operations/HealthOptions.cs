using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.Operations;

/// <summary>Section <c>Health</c>: what <c>/healthz/ready</c> tolerates.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// The outbox counts as stuck (not ready) when its oldest pending check-in is older than this. Longer
    /// than a few retries at the gateway's maximum backoff, so a short gateway outage is not an alarm.
    /// </summary>
    public TimeSpan MaxPendingAge { get; set; } = TimeSpan.FromMinutes(30);
}

public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new OptionsChecks(HealthOptions.Section);
        check.That(options.MaxPendingAge > TimeSpan.Zero, "MaxPendingAge must be a positive time span such as 00:30:00.");
        return check.Result();
    }
}
