namespace MyInfoPortal.Web.Features.Staff;

/// <summary>Names shared by the staff sign-in, its cookie and the pages that require it.</summary>
public static class StaffAuth
{
    public const string Scheme = "Staff";

    /// <summary>The authorization policy of every staff-only page (kiosk, log, venues, diagnostics).</summary>
    public const string RequireStaff = "RequireStaff";

    /// <summary>Base cookie name; served over HTTPS it becomes <c>__Host-mip-staff</c> (see <c>SecureTransport</c>).</summary>
    public const string CookieName = "mip-staff";

    public const string LoginPath = "/staff/login";

    public const string SessionClaim = "mip:sid";

    public const string StampClaim = "mip:stamp";
}
