using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.Kiosk;

internal static class KioskTestSupport
{
    public const string SingleVenue = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE";
    public const string SingleVenueName = "Self-test single venue";
    public const string MultiVenue = "STG-180000001W-83341-SEQRSELFTESTMULTI-SE";

    /// <summary>A stored submission as the staff log reads it, with masked values only, for counting and listing.</summary>
    public static CheckIn LogEntry(string person, string action, CheckInStatus status = CheckInStatus.Accepted, string venue = SingleVenue, DateTime at = default) => new()
    {
        SubmissionId = Guid.NewGuid(),
        VenueId = venue,
        ActionType = action,
        SubType = "uinfin",
        ProtectedSub = "x",
        SubMasked = "*****000A",
        SubLookup = person,
        ProtectedMobileNo = "x",
        MobileMasked = "****0000",
        Status = status,
        CreatedAt = at,
        NextAttemptAt = at,
    };

    /// <summary>Sets the kiosk up through the set-up page's one-tap simulator venue buttons.</summary>
    public static async Task SetUpAsync(HttpClient client, string venueId = SingleVenue, string? tenantId = null)
    {
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/kiosk/setup", UriKind.Relative)));
        var form = page.QuerySelectorAll("form[action='/kiosk/setup/simulated']")
            .Cast<IHtmlFormElement>()
            .Single(f => f.QuerySelector("input[name=VenueId]")!.GetAttribute("value") == venueId
                && f.QuerySelector("input[name=TenantId]")?.GetAttribute("value") == tenantId);
        form.Id = "pick";
        var response = await HtmlForm.SubmitAsync(client, page, "#pick");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/kiosk", response.Headers.Location!.OriginalString);
    }

    public static async Task<IHtmlDocument> KioskPageAsync(HttpClient client, string path = "/kiosk")
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlForm.ReadAsync(response);
    }

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IDictionary<string, string> values, IHtmlDocument? page = null)
    {
        page ??= await KioskPageAsync(client);
        return await HtmlForm.SubmitAsync(client, page, "#kiosk-form", values);
    }

    public static Dictionary<string, string> Visitor(string sub = "S1234567D", string mobile = "9123 4567", string action = "checkin", string subType = "uinfin") => new()
    {
        ["ActionType"] = action,
        ["SubType"] = subType,
        ["Sub"] = sub,
        ["MobileNo"] = mobile,
    };

    public static async Task<List<CheckIn>> RowsAsync(PortalFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().CheckIns.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }
}
