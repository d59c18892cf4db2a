using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Web.Features.Kiosk;

public static class KioskActions
{
    public const string CheckIn = "checkin";
    public const string CheckOut = "checkout";

    public static bool IsValid(string? value) => value is CheckIn or CheckOut;

    public static string Label(string? value) => value == CheckOut ? "Check-out" : "Check-in";
}

/// <summary>How one kiosk device is set up: which venue it records for and what it does by default.</summary>
public sealed record KioskDevice(string VenueId, string? TenantId, string DefaultAction);

/// <summary>
/// Keeps a device's set-up in a cookie protected by Data Protection (encrypted and authenticated), so
/// each tablet remembers its venue without a server-side device registry.
/// </summary>
public sealed class KioskDeviceStore(IDataProtectionProvider protection, IOptions<KioskOptions> options, TimeProvider time)
{
    public const string CookieName = "mip-kiosk";

    private readonly IDataProtector _protector = protection.CreateProtector("MyInfoPortal.Kiosk.Device.v1");

    public KioskDevice? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 4096)
        {
            return null;
        }

        try
        {
            var device = JsonSerializer.Deserialize<KioskDevice>(_protector.Unprotect(value));
            return device is not null && VenueIds.TryParseVenue(device.VenueId, out _) && KioskActions.IsValid(device.DefaultAction) ? device : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Write(HttpResponse response, KioskDevice device)
    {
        response.Cookies.Append(
            CookieName,
            _protector.Protect(JsonSerializer.Serialize(device)),
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
                Expires = time.GetUtcNow().AddDays(options.Value.DeviceSetupDays),
            });
    }

    public void Clear(HttpResponse response)
    {
        response.Cookies.Delete(CookieName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
        });
    }
}
