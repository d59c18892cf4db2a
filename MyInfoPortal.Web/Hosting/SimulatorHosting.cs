using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Simulators.SafeEntry;
using MyInfoPortal.Web.Features.Kiosk;
using MyInfoPortal.Web.Features.Staff;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// The one place where the portal meets its embedded simulators (the MyInfoPortal.Simulators project).
/// When either is enabled (<c>Simulators:MyInfo:Enabled</c>, <c>Simulators:SafeEntry:Enabled</c>, both on
/// by default in Simulator mode), they are added with their own database and the gateway simulator's
/// venues are offered to the kiosk; otherwise none of their routes, services or tables exist.
/// </summary>
public static class SimulatorHosting
{
    /// <summary>The simulators' SQLite file, beside the portal's in <c>Portal:DataPath</c>.</summary>
    public const string DatabaseFile = "simulators.db";

    /// <summary>Their own connection string; on PostgreSQL without it they use the portal's database, in their own schema.</summary>
    public const string ConnectionStringName = "Simulators";

    public static WebApplicationBuilder AddSimulators(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var myInfo = configuration.GetValue<bool>(SimulatorOptions.Section + ":MyInfo:Enabled");
        var safeEntry = configuration.GetValue<bool>(SimulatorOptions.Section + ":SafeEntry:Enabled");
        var singpass = configuration.GetValue<bool>(SimulatorOptions.Section + ":Singpass:Enabled");
        if (!myInfo && !safeEntry && !singpass)
        {
            builder.Services.AddSingleton(SimulatorStatus.None);
            return builder;
        }

        builder.AddEmbeddedSimulators();
        builder.Services.AddOptions<SimulatorHostOptions>()
            .Configure<IOptions<PortalOptions>, PortalPaths, IConfiguration>((host, portal, paths, config) =>
            {
                host.BaseUrl = portal.Value.BaseUrl;
                var own = config.GetConnectionString(ConnectionStringName);
                if (portal.Value.Database == DatabaseProvider.Postgres)
                {
                    host.Storage = SimulatorStorage.Postgres;
                    host.ConnectionString = string.IsNullOrWhiteSpace(own) ? config.GetConnectionString("Portal") : own;
                    return;
                }

                host.Storage = SimulatorStorage.Sqlite;
                if (string.IsNullOrWhiteSpace(own))
                {
                    Directory.CreateDirectory(paths.DataFolder);
                    own = $"Data Source={Path.Combine(paths.DataFolder, DatabaseFile)}";
                }

                host.ConnectionString = own;
            });

        // The simulators' control pages (fault switches, received entries): a staff session once the portal
        // has staff accounts; open on a fresh clone, where there is nobody to sign in as.
        builder.Services.AddScoped<IAuthorizationHandler, StaffOrNoAccountsHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SimulatorControlAccess.Policy, policy => policy
                .AddAuthenticationSchemes(StaffAuth.Scheme)
                .AddRequirements(new StaffOrNoAccountsRequirement()));

        builder.Services.Replace(ServiceDescriptor.Singleton<IVenueSuggestions, GatewaySimulatorVenues>());
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            return new SimulatorStatus(options.MyInfo.Enabled, options.SafeEntry.Enabled, options.SafeEntry.Fault.ToString(), options.SafeEntry.ClientCertificatePath);
        });
        return builder;
    }

    /// <summary>The venues the SafeEntry gateway simulator knows, as the kiosk's suggestions.</summary>
    private sealed class GatewaySimulatorVenues : IVenueSuggestions
    {
        public IReadOnlyList<SuggestedVenue> All { get; } =
            [.. SimulatedVenues.All.Select(v => new SuggestedVenue(v.VenueId, v.Name, v.TenantIds))];
    }
}
