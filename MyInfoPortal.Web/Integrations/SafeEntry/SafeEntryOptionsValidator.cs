using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

public sealed class SafeEntryOptionsValidator : IValidateOptions<SafeEntryOptions>
{
    public ValidateOptionsResult Validate(string? name, SafeEntryOptions options)
    {
        var check = new OptionsChecks(SafeEntryOptions.Section);
        check.That(Enum.IsDefined(options.Mode) && options.Mode != ServiceMode.MockPass, "Mode must be Simulator, Sandbox, Test or Production.");
        check.AbsoluteHttpUrl(nameof(options.EntryUrl), options.EntryUrl);
        check.That(options.RetentionDays is >= 1 and <= 3650, "RetentionDays must be between 1 and 3650.");
        check.That(options.MaxAttempts is >= 1 and <= 100, "MaxAttempts must be between 1 and 100.");
        check.That(options.InitialBackoff > TimeSpan.Zero && options.InitialBackoff <= options.MaxBackoff, "InitialBackoff must be positive and no larger than MaxBackoff.");
        check.That(options.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive.");
        check.That(options.PollInterval > TimeSpan.Zero, "PollInterval must be positive.");

        if (options.Mode.IsSigned())
        {
            check.Require(nameof(options.AppId), options.AppId);
            check.FileExists(nameof(options.PrivateKeyPath), options.PrivateKeyPath);
            check.FileExists(nameof(options.GatewayCertificatePath), options.GatewayCertificatePath);
        }

        return check.Result();
    }
}
