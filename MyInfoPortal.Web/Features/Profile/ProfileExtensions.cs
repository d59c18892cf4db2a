namespace MyInfoPortal.Web.Features.Profile;

public static class ProfileExtensions
{
    /// <summary>The signed-in resident's session and profile, and the job that deletes them when they expire.</summary>
    public static WebApplicationBuilder AddResidentProfile(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddScoped<ResidentSessionStore>();
        services.AddScoped<IResidentProfileAccessor, ResidentProfileAccessor>();
        services.AddHostedService<ResidentDataHousekeeping>();
        return builder;
    }
}
