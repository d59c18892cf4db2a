using Microsoft.AspNetCore.Mvc;
using MyInfoPortal.Web.Features.Operations;

namespace MyInfoPortal.Web.Hosting;

public static class PipelineExtensions
{
    public static WebApplicationBuilder AddPortalMvc(this WebApplicationBuilder builder)
    {
        // Check every registration at build time in every environment, not only in Development, so a
        // missing service fails the tests instead of the first request that needs it.
        builder.Host.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });

        builder.Services
            .AddControllersWithViews(options =>
            {
                // Every unsafe method needs a valid antiforgery token, whatever the controller says; a refused
                // token is logged once as a security event. An unreadable form is refused before either.
                options.Filters.Add<UnreadableFormGuard>();
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Filters.Add<AntiforgeryFailureLog>();
            });
        builder.Services.AddProblemDetails();
        builder.Services.AddScoped<Data.DatabaseHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<Data.DatabaseHealthCheck>("database",
            tags: [OperationsExtensions.LiveTag, OperationsExtensions.ReadyTag]);
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // First: whether the request is HTTPS and who the client is, as a trusted proxy reports them,
        // decide the headers (HSTS), the cookies' names and the rate-limit partition below.
        app.UsePortalForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UsePortalCookies();
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");

        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
                context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // Liveness stays what it was (the database answers); readiness adds keys and the outbox.
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(OperationsExtensions.LiveTag),
        });
        app.MapReadiness();
        app.MapControllers();
        return app;
    }
}
