namespace MyInfoPortal.Web.Integrations.MyInfo;

public static class MyInfoExtensions
{
    public static WebApplicationBuilder AddMyInfoIntegration(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
