using System.Net;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Walks the embedded simulator's pages (persona picker, consent) like a browser.</summary>
public static class SimulatorDriver
{
    /// <summary>From the authorise URL to the redirect back to the portal; returns the callback's path and query.</summary>
    public static async Task<string> AuthoriseAsync(HttpClient browser, Uri authorise, string personaId, string decision = "allow")
    {
        using var picker = await browser.GetAsync(authorise);
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        using var consent = await HtmlForm.SubmitAsync(browser, await HtmlForm.ReadAsync(picker), "#persona-form",
            new Dictionary<string, string> { ["persona"] = personaId });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        using var redirect = await HtmlForm.SubmitAsync(browser, await HtmlForm.ReadAsync(consent), "#consent-form",
            new Dictionary<string, string> { ["decision"] = decision });
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal("/callback", location.AbsolutePath);
        return location.PathAndQuery;
    }

    /// <summary>/login, the simulator, and the callback: returns the callback page.</summary>
    public static async Task<HttpResponseMessage> PageFlowToCallbackAsync(HttpClient browser, string personaId, string decision = "allow")
    {
        var (authorise, _) = await FlowDriver.StartPageFlowAsync(browser);
        var callback = await AuthoriseAsync(browser, authorise, personaId, decision);
        return await browser.GetAsync(new Uri(callback, UriKind.Relative));
    }
}
