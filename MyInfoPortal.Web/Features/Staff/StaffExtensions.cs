namespace MyInfoPortal.Web.Features.Staff;

public static class StaffExtensions
{
    public static WebApplicationBuilder AddStaffAccess(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
