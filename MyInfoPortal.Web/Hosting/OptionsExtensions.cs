using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Hosting;

public static class OptionsExtensions
{
    /// <summary>
    /// Refuses a simulator where real services are expected, fills Simulator-mode defaults, then binds and validates every options class at start:
    /// a bad value stops the app with a message naming the key.
    /// </summary>
    public static WebApplicationBuilder AddPortalOptions(this WebApplicationBuilder builder, PortalPaths paths)
    {
        SimulatorGuard.EnsureAllowed(builder.Configuration, builder.Environment);
        SimulatorDefaults.Apply(builder.Configuration, paths, TimeProvider.System);

        var services = builder.Services;
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddOptions<MyInfoOptions>().BindConfiguration(MyInfoOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MyInfoOptions>, MyInfoOptionsValidator>();
        services.AddOptions<SafeEntryOptions>().BindConfiguration(SafeEntryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SafeEntryOptions>, SafeEntryOptionsValidator>();
        return builder;
    }
}
