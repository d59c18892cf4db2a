using MyInfoPortal.Web.Simulators.MyInfo;
using MyInfoPortal.Web.Simulators.SafeEntry;
using MyInfoPortal.Web.Simulators.Singpass;

namespace MyInfoPortal.Web.Simulators;

public static class SimulatorExtensions
{
    public static WebApplicationBuilder AddSimulators(this WebApplicationBuilder builder)
    {
        builder.AddMyInfoSimulator();
        builder.AddSafeEntrySimulator();
        builder.AddSingpassSimulator();
        return builder;
    }
}
