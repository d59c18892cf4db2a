namespace MyInfoPortal.Web.Features.PhoneCheckIn;

public static class PhoneCheckInExtensions
{
    /// <summary>Check-in from a resident's phone at a venue's QR code, and the posters that carry the code.</summary>
    public static WebApplicationBuilder AddPhoneCheckIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddScoped<PhoneCheckInService>();
        services.AddSingleton<VenuePosters>();
        return builder;
    }
}
