namespace MyInfoPortal.Simulators.Hosting;

/// <summary>
/// The simulators' control pages (fault switches, what was received) require this authorization policy;
/// the host defines it (the portal: a staff session once staff accounts exist), so the simulators need not
/// know how the host signs its operators in. Protocol endpoints (token, person, PAR, entry) stay open.
/// </summary>
public static class SimulatorControlAccess
{
    public const string Policy = "SimulatorControl";
}
