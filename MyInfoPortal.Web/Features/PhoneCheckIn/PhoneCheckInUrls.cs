using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace MyInfoPortal.Web.Features.PhoneCheckIn;

/// <summary>
/// The phone check-in's addresses, made from its routes: the venue page (where a poster's QR code leads and
/// sign-in returns) and the sign-in link. Their <c>action</c> query parameter (check-in or check-out) is
/// added after the route has made the path: as a route value, <c>action</c> would name the MVC action.
/// </summary>
public static class PhoneCheckInUrls
{
    private const string Controller = "PhoneCheckIn";

    /// <summary>/checkin/{venueId}, then <c>tenant</c> and <c>action</c> when given.</summary>
    public static string CheckIn(this IUrlHelper url, PhoneVenue venue, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        return WithQuery(url.Action(nameof(PhoneCheckInController.Start), Controller, VenueValues(venue)), ("action", action));
    }

    /// <summary>/checkin/{venueId}/signin, then <c>tenant</c>, <c>action</c> and <c>provider</c>.</summary>
    public static string PhoneSignIn(this IUrlHelper url, PhoneVenue venue, string action, string provider)
    {
        ArgumentNullException.ThrowIfNull(url);
        return WithQuery(url.Action(nameof(PhoneCheckInController.SignIn), Controller, VenueValues(venue)), ("action", action), ("provider", provider));
    }

    /// <summary>The venue page's path outside a request (the poster's QR code), without an action.</summary>
    public static string CheckInPath(this LinkGenerator links, PhoneVenue venue)
    {
        ArgumentNullException.ThrowIfNull(links);
        return links.GetPathByAction(nameof(PhoneCheckInController.Start), Controller, VenueValues(venue))
            ?? throw new InvalidOperationException("No route for the phone check-in page.");
    }

    private static RouteValueDictionary VenueValues(PhoneVenue venue)
    {
        ArgumentNullException.ThrowIfNull(venue);
        var values = new RouteValueDictionary { ["venueId"] = venue.VenueId };
        if (venue.TenantId is not null)
        {
            values["tenant"] = venue.TenantId;
        }

        return values;
    }

    private static string WithQuery(string? path, params (string Name, string? Value)[] query) =>
        QueryHelpers.AddQueryString(
            path ?? throw new InvalidOperationException("No route for a phone check-in page."),
            query.Where(q => q.Value is not null).Select(q => KeyValuePair.Create(q.Name, q.Value)));
}
