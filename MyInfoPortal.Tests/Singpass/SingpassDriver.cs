using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// Walks a Singpass sign-in the way a browser does: /singpass/login, the simulator's persona picker and
/// consent page, and the redirect back to /singpass/callback, with a client that keeps cookies and
/// follows no redirects (each hop is checked).
/// </summary>
public static class SingpassDriver
{
    /// <summary>GET /singpass/login: expects a 302 to the authorization endpoint and returns where it points.</summary>
    public static async Task<Uri> StartAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync(new Uri("/singpass/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>
    /// From the authorization URL through the persona picker and the consent page to the 303 that leaves
    /// the simulator; returns the redirect target (the relying party's callback with code or error).
    /// </summary>
    public static async Task<Uri> AuthorizeAsync(HttpClient browser, Uri authorization, string personaId, string decision = "allow")
    {
        using var picker = await browser.GetAsync(authorization);
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        using var consent = await HtmlForm.SubmitAsync(browser, await HtmlForm.ReadAsync(picker), "#persona-form",
            new Dictionary<string, string> { ["persona"] = personaId });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        using var redirect = await HtmlForm.SubmitAsync(browser, await HtmlForm.ReadAsync(consent), "#consent-form",
            new Dictionary<string, string> { ["decision"] = decision });
        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        return redirect.Headers.Location!;
    }

    /// <summary>/singpass/login and the simulator's pages: returns the callback URL the simulator redirected to.</summary>
    public static async Task<Uri> ToCallbackAsync(HttpClient browser, string personaId, string decision = "allow")
    {
        var authorization = await StartAsync(browser);
        var callback = await AuthorizeAsync(browser, authorization, personaId, decision);
        Assert.Equal(SingpassFactory.PortalRedirectUri, callback.GetLeftPart(UriPartial.Path));
        return callback;
    }

    /// <summary>The whole sign-in; asserts the callback's 303 to /profile.</summary>
    public static async Task SignInAsync(HttpClient browser, string personaId)
    {
        using var callback = await browser.GetAsync(await ToCallbackAsync(browser, personaId));
        Assert.Equal(HttpStatusCode.SeeOther, callback.StatusCode);
        Assert.Equal("/profile", callback.Headers.Location!.OriginalString);
    }

    /// <summary>The callback URL with one query parameter replaced (or added).</summary>
    public static Uri WithParameter(Uri callback, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(callback.Query);
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), query));
    }

    public static string Parameter(Uri url, string name) => QueryHelpers.ParseQuery(url.Query)[name].Single()!;

    public static async Task<string> PageTextAsync(HttpResponseMessage response) =>
        (await HtmlForm.ReadAsync(response)).Body!.TextContent;
}
