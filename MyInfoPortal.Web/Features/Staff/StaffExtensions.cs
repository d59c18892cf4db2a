using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Features.Staff;

public static class StaffExtensions
{
    public static WebApplicationBuilder AddStaffAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffOptions>, StaffOptionsValidator>();

        services.AddScoped<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        services.AddScoped<StaffAccountService>();
        services.AddScoped<StaffSessionService>();
        services.AddScoped<StaffCookieEvents>();
        services.AddScoped<DiagnosticsService>();
        services.AddHostedService<FirstAccountHint>();

        services.AddAuthentication(StaffAuth.Scheme)
            .AddCookie(StaffAuth.Scheme, options =>
            {
                options.Cookie.Name = StaffAuth.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.Path = "/";
                options.LoginPath = StaffAuth.LoginPath;
                options.LogoutPath = "/staff/logout";
                options.AccessDeniedPath = "/error/403";
                options.ReturnUrlParameter = "ReturnUrl";
                options.SlidingExpiration = true;
                options.EventsType = typeof(StaffCookieEvents);
            });

        // The idle limit is the cookie's sliding lifetime; it follows configuration.
        services.AddOptions<CookieAuthenticationOptions>(StaffAuth.Scheme)
            .Configure<IOptions<StaffOptions>>((cookie, staff) => cookie.ExpireTimeSpan = staff.Value.IdleTimeout);

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffAuth.RequireStaff, policy => policy
                .AddAuthenticationSchemes(StaffAuth.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(StaffAuth.SessionClaim));
        return builder;
    }
}
