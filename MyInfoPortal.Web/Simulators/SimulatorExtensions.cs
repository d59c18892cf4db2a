namespace MyInfoPortal.Web.Simulators;

public static class SimulatorExtensions
{
    public static WebApplicationBuilder AddSimulators(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
