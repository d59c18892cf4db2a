using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Drives the portal's side of a sign-in the way a browser would, for the in-memory tests.</summary>
public static class FlowDriver
{
    /// <summary>GET /login: expects the redirect to the authorise URL and returns the state in it.</summary>
    public static async Task<(Uri Authorise, string State)> StartPageFlowAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        return (location, QueryHelpers.ParseQuery(location.Query)["state"].Single()!);
    }

    public static async Task<HttpResponseMessage> CallbackAsync(HttpClient browser, string query) =>
        await browser.GetAsync(new Uri("/callback?" + query, UriKind.Relative));

    public static string CallbackQuery(string code, string state) =>
        "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(state);

    /// <summary>The callback page's continuation link (what callback.js follows).</summary>
    public static async Task<string> ContinueLinkAsync(HttpResponseMessage callbackPage)
    {
        Assert.Equal(HttpStatusCode.OK, callbackPage.StatusCode);
        var page = await HtmlForm.ReadAsync(callbackPage);
        var link = page.QuerySelector("a#myinfo-continue") as IHtmlAnchorElement;
        Assert.NotNull(link);
        return link.GetAttribute("href")!;
    }

    /// <summary>Callback, continuation, and the 303 to /profile.</summary>
    public static async Task CompletePageFlowAsync(HttpClient browser, string code, string state)
    {
        using var callback = await CallbackAsync(browser, CallbackQuery(code, state));
        var next = await ContinueLinkAsync(callback);
        using var complete = await browser.GetAsync(new Uri(next, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        Assert.Equal("/profile", complete.Headers.Location!.OriginalString);
    }

    public static async Task<string> PageTextAsync(HttpResponseMessage response)
    {
        var page = await HtmlForm.ReadAsync(response);
        return page.Body!.TextContent;
    }
}
