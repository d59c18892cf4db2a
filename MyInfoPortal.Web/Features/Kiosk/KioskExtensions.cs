namespace MyInfoPortal.Web.Features.Kiosk;

public static class KioskExtensions
{
    public static WebApplicationBuilder AddKiosk(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
