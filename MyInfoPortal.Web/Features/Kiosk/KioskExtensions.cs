using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Features.Kiosk;

public static class KioskExtensions
{
    /// <summary>
    /// The staff-run kiosk and what the check-in features share: venues, the kiosk clock, visitor history
    /// and the venue suggestions (replaced by the gateway simulator's when it runs).
    /// </summary>
    public static WebApplicationBuilder AddKiosk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KioskOptions>().BindConfiguration(KioskOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KioskOptions>, KioskOptionsValidator>();
        services.AddSingleton<KioskClock>();
        services.AddSingleton<KioskDeviceStore>();
        services.AddScoped<VenueService>();
        services.AddScoped<VisitorHistory>();
        services.AddScoped<KioskService>();
        services.AddScoped<CheckInLogService>();
        services.TryAddSingleton<IVenueSuggestions, NoVenueSuggestions>();
        return builder;
    }
}
