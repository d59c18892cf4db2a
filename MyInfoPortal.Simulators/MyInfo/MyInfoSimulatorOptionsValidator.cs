using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>When the Myinfo simulator is on, its keys, client registration and time limits must make sense.</summary>
public sealed class MyInfoSimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.MyInfo;
        if (!settings.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var check = new OptionsChecks(SimulatorOptions.Section + ":MyInfo");
        check.FileExists(nameof(settings.SigningKeyPath), settings.SigningKeyPath);
        check.FileExists(nameof(settings.ClientCertificatePath), settings.ClientCertificatePath);
        check.Require(nameof(settings.ClientId), settings.ClientId);
        check.Require(nameof(settings.ClientSecret), settings.ClientSecret);
        check.AbsoluteHttpUrl(nameof(settings.RedirectUri), settings.RedirectUri);
        check.That(settings.TimestampSkew > TimeSpan.Zero && settings.TimestampSkew <= TimeSpan.FromMinutes(10),
            "TimestampSkew must be more than 0 and at most 10 minutes.");
        check.That(settings.CodeLifetime > TimeSpan.Zero && settings.CodeLifetime <= TimeSpan.FromHours(1),
            "CodeLifetime must be more than 0 and at most 1 hour.");
        check.That(settings.CodeRetention >= TimeSpan.Zero && settings.CodeRetention <= TimeSpan.FromDays(1),
            "CodeRetention must be between 0 and 1 day.");
        check.That(settings.TokenLifetime >= TimeSpan.FromMinutes(1) && settings.TokenLifetime <= TimeSpan.FromDays(1),
            "TokenLifetime must be between 1 minute and 1 day.");
        return check.Result();
    }
}
