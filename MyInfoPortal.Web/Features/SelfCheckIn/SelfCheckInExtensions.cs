namespace MyInfoPortal.Web.Features.SelfCheckIn;

public static class SelfCheckInExtensions
{
    /// <summary>A resident checking in on a kiosk with their own Myinfo profile.</summary>
    public static WebApplicationBuilder AddSelfCheckIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<SelfCheckInService>();
        return builder;
    }
}
