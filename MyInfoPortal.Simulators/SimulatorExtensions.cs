using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Simulators.Singpass;

namespace MyInfoPortal.Simulators;

public static class SimulatorExtensions
{
    /// <summary>
    /// Both simulators in the host: options (section <c>Simulators</c>), services, their own database and
    /// housekeeping, and their controllers, views and static assets. Each simulator's routes still answer
    /// 404 while its own <c>Enabled</c> is false. The host fills <see cref="SimulatorHostOptions"/>.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedSimulators(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.Section).ValidateOnStart();
        services.AddOptions<SimulatorHostOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorHostOptions>, SimulatorHostOptionsValidator>();
        services.AddDbContextPool<SimulatorDbContext>((sp, options) =>
            SimulatorDatabase.Configure(options, sp.GetRequiredService<IOptions<SimulatorHostOptions>>().Value));
        services.AddHostedService<SimulatorDatabaseInitializer>();
        services.AddScoped<SimulatorNonceLedger>();
        services.AddSingleton<SimulatorHousekeeping>();
        services.AddHostedService<SimulatorHousekeepingService>();

        builder.AddMyInfoSimulator();
        builder.AddSafeEntrySimulator();
        builder.AddSingpassSimulator();

        services.AddControllersWithViews().AddApplicationPart(typeof(SimulatorExtensions).Assembly);

        // Serves wwwroot as _content/MyInfoPortal.Simulators/ when running from build output in any
        // environment (the default does so only in Development); published output has the files in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }
}
