using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Simulators.MyInfo;

public static class MyInfoSimulatorRegistration
{
    /// <summary>The embedded Myinfo v3 simulator's services. Its routes answer 404 while it is disabled.</summary>
    public static WebApplicationBuilder AddMyInfoSimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorOptions>, MyInfoSimulatorOptionsValidator>());
        services.AddOptions<SimulatorOptions>().ValidateOnStart();
        services.AddSingleton<MyInfoSimulatorKeys>();
        services.AddSingleton<AuthoriseRequestProtector>();
        services.AddScoped<PkiSignVerifier>();
        services.AddScoped<MyInfoSimulatorAuthorisation>();
        services.AddScoped<MyInfoSimulatorTokens>();
        services.AddScoped<MyInfoSimulatorPersons>();
        return builder;
    }
}
