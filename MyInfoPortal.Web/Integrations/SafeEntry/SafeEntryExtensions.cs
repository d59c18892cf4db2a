namespace MyInfoPortal.Web.Integrations.SafeEntry;

public static class SafeEntryExtensions
{
    public static WebApplicationBuilder AddSafeEntryIntegration(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
