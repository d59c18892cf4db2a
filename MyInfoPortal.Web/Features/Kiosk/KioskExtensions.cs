using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Features.Kiosk;

public static class KioskExtensions
{
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
        services.AddScoped<SelfCheckIn.SelfCheckInService>();
        services.AddScoped<PhoneCheckIn.PhoneCheckInService>();
        services.AddSingleton<PhoneCheckIn.VenuePosters>();
        services.TryAddSingleton<IVenueSuggestions, NoVenueSuggestions>();
        return builder;
    }
}
