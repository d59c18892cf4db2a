namespace MyInfoPortal.Web.Features.SignIn;

public static class SignInExtensions
{
    /// <summary>
    /// Resident sign-in: the login flow store and the Myinfo v3 and Singpass sign-in services. The clients
    /// they call come from their integrations (<c>AddMyInfoIntegration</c>, <c>AddSingpassIntegration</c>).
    /// </summary>
    public static WebApplicationBuilder AddSignIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddScoped<LoginFlowStore>();
        services.AddScoped<SignInService>();
        services.AddScoped<SingpassSignInService>();
        return builder;
    }
}
