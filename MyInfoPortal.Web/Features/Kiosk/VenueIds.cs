using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace MyInfoPortal.Web.Features.Kiosk;

/// <summary>
/// Venue and tenant identifiers. A venue can be given as its QR code's URL
/// (<c>https://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-MYCOMPANYNAME-SE</c>, or <c>/tenant/...</c>
/// for a multi-tenant venue) or as the bare venueId; either way the venueId is the last path segment.
/// </summary>
public static partial class VenueIds
{
    public const int MaxVenueIdLength = 128;
    public const int MaxTenantIdLength = 64;

    public static bool TryParseVenue(string? input, [NotNullWhen(true)] out string? venueId)
    {
        venueId = null;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2048)
        {
            return false;
        }

        string candidate;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return false;
            }

            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var marker = Array.FindLastIndex(segments, s => s.Equals("login", StringComparison.OrdinalIgnoreCase) || s.Equals("tenant", StringComparison.OrdinalIgnoreCase));
            if (marker < 0 || marker == segments.Length - 1)
            {
                return false;
            }

            candidate = Uri.UnescapeDataString(segments[^1]);
        }
        else
        {
            candidate = text;
        }

        candidate = candidate.ToUpperInvariant();
        if (!VenuePattern().IsMatch(candidate))
        {
            return false;
        }

        venueId = candidate;
        return true;
    }

    /// <summary>Letters, digits, '-' and '_', 1 to 64 characters; trimmed, case kept.</summary>
    public static bool TryParseTenant(string? input, [NotNullWhen(true)] out string? tenantId)
    {
        tenantId = input?.Trim();
        if (string.IsNullOrEmpty(tenantId) || !TenantPattern().IsMatch(tenantId))
        {
            tenantId = null;
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9_-]{2,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VenuePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TenantPattern();
}
