using MyInfoPortal.Web.Simulators.MyInfo;

namespace MyInfoPortal.Web.Simulators;

public static class SimulatorExtensions
{
    public static WebApplicationBuilder AddSimulators(this WebApplicationBuilder builder)
    {
        builder.AddMyInfoSimulator();
        return builder;
    }
}
