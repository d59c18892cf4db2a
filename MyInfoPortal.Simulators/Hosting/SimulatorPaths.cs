namespace MyInfoPortal.Simulators.Hosting;

/// <summary>Where the simulators answer, relative to the host's base URL.</summary>
public static class SimulatorPaths
{
    /// <summary>The Myinfo v3 simulator's API root: <c>/authorise</c>, <c>/token</c> and <c>/person/{sub}/</c> follow it.</summary>
    public const string MyInfoApi = "/sim/myinfo/v3";

    /// <summary>The SafeEntry gateway simulator's only API endpoint.</summary>
    public const string SafeEntryEntry = "/sim/safeentry/partner/v1/entry";

    /// <summary>The Singpass FAPI simulator's issuer identifier: discovery is at <c>{issuer}/.well-known/openid-configuration</c>.</summary>
    public const string SingpassIssuer = "/sim/singpass/fapi";
}
