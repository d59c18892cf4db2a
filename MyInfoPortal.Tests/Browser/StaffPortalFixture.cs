using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The portal for the kiosk journeys: a staff account made with the command-line verb (the password is
/// made up per run, never stored), a short confirmation countdown, and quick retries so that a gateway
/// outage and its recovery fit in a test.
/// </summary>
public sealed class StaffPortalFixture : PortalFixture
{
    public const string StaffUser = "venue.staff";

    public string StaffPassword { get; } = TestSecrets.NewPassword("e2e");

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Kiosk:ConfirmationSeconds"] = "6";
        settings["SafeEntry:InitialBackoff"] = "00:00:01";
        settings["SafeEntry:MaxBackoff"] = "00:00:02";
        settings["SafeEntry:MaxAttempts"] = "100";
        settings["SafeEntry:PollInterval"] = "00:00:01";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (exitCode, output) = await Portal.RunCommandAsync(StaffPassword + "\n", "staff", "add", StaffUser, "--password-stdin");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"staff add failed ({exitCode}):\n{output}");
        }
    }
}
