using System.Globalization;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// Refuses to start with an embedded simulator where real services are expected: outside the Development
/// environment, or beside a real service (a mixed configuration, where real visitors' data would meet a
/// fake upstream), unless <c>Simulators:AllowOutsideDevelopment</c> is <c>true</c>. Reads configuration
/// keys only, before Simulator-mode defaults are filled in, so nothing is generated for a refused start.
/// </summary>
public static class SimulatorGuard
{
    public const string OptInKey = "Simulators:AllowOutsideDevelopment";

    /// <summary>One upstream: its name in messages, the key that chose its mode, and whether it is simulated or real.</summary>
    public sealed record ServiceChoice(string Name, string ModeKey, string Mode, string EnabledKey, bool SimulatorEnabled, bool Real)
    {
        public bool Simulated => Mode == nameof(ServiceMode.Simulator) || SimulatorEnabled;
    }

    public static IReadOnlyList<ServiceChoice> Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var myInfo = configuration.GetValue(MyInfoOptions.Section + ":Mode", ServiceMode.Simulator);
        var safeEntry = configuration.GetValue(SafeEntryOptions.Section + ":Mode", ServiceMode.Simulator);
        var singpass = configuration.GetValue(SingpassOptions.Section + ":Mode", SingpassMode.Simulator);
        return
        [
            new("Myinfo", MyInfoOptions.Section + ":Mode", myInfo.ToString(), "Simulators:MyInfo:Enabled",
                Flag(configuration, "Simulators:MyInfo:Enabled"), myInfo.IsRealService()),
            new("SafeEntry", SafeEntryOptions.Section + ":Mode", safeEntry.ToString(), "Simulators:SafeEntry:Enabled",
                Flag(configuration, "Simulators:SafeEntry:Enabled"), safeEntry.IsRealService()),
            new("Singpass", SingpassOptions.Section + ":Mode", singpass.ToString(), "Simulators:Singpass:Enabled",
                Flag(configuration, "Simulators:Singpass:Enabled"), singpass is SingpassMode.Staging or SingpassMode.Production),
        ];
    }

    /// <summary>Throws, naming the keys, when a simulator is enabled where it may not be without the opt-in.</summary>
    public static void EnsureAllowed(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var optIn = configuration[OptInKey];
        bool allowed;
        if (string.IsNullOrWhiteSpace(optIn))
        {
            allowed = false;
        }
        else if (!bool.TryParse(optIn, out allowed))
        {
            throw new InvalidOperationException($"{OptInKey} must be true or false (got '{optIn}').");
        }

        var services = Read(configuration);
        var simulated = services.Where(s => s.Simulated).ToList();
        if (allowed || simulated.Count == 0)
        {
            return;
        }

        var real = services.Where(s => s.Real).ToList();
        var outsideDevelopment = !environment.IsDevelopment();
        if (!outsideDevelopment && real.Count == 0)
        {
            return;
        }

        var reasons = string.Join("; ", simulated.Select(Describe));
        var where = outsideDevelopment
            ? string.Create(CultureInfo.InvariantCulture, $"outside the Development environment (ASPNETCORE_ENVIRONMENT is '{environment.EnvironmentName}')")
            : "beside a real service (" + string.Join(", ", real.Select(r => $"{r.ModeKey} is {r.Mode}")) + ")";
        throw new InvalidOperationException(
            $"An embedded simulator is enabled {where}: {reasons}. " +
            $"Set {string.Join(", ", simulated.Select(s => s.ModeKey))} to a real service (and the Simulators:*:Enabled keys to false), " +
            $"or set {OptInKey}=true to run a simulator here on purpose.");
    }

    private static string Describe(ServiceChoice service)
    {
        var parts = new List<string>();
        if (service.Mode == nameof(ServiceMode.Simulator))
        {
            parts.Add($"{service.ModeKey} is Simulator");
        }

        if (service.SimulatorEnabled)
        {
            parts.Add($"{service.EnabledKey} is true");
        }

        return string.Join(" and ", parts);
    }

    private static bool Flag(IConfiguration configuration, string key) =>
        bool.TryParse(configuration[key], out var value) && value;
}
