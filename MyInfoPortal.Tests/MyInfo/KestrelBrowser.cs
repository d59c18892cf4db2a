using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// A cookie-keeping HTTP client that follows no redirects by itself, for walking real servers on
/// loopback hop by hop. Remembers every code and state it carried, for the log scans.
/// </summary>
public sealed class KestrelBrowser : IDisposable
{
    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };

    public KestrelBrowser(ConcurrentBag<string> secretsSeen)
    {
        SecretsSeen = secretsSeen;
        Http = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>Code and state values that passed through this browser.</summary>
    public ConcurrentBag<string> SecretsSeen { get; }

    public async Task<HttpResponseMessage> GetAsync(Uri url, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        Remember(url);
        return await Http.SendAsync(request);
    }

    /// <summary>The Location of a redirect, made absolute against the request's URL.</summary>
    public Uri Next(HttpResponseMessage redirect)
    {
        Assert.True((int)redirect.StatusCode is >= 300 and < 400, $"expected a redirect, got {(int)redirect.StatusCode}");
        var next = new Uri(redirect.RequestMessage!.RequestUri!, redirect.Headers.Location!);
        Remember(next);
        return next;
    }

    /// <summary>Submits a page's form, resolving a relative action against the page's address.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(HttpResponseMessage pageResponse, string formSelector, IDictionary<string, string> values)
    {
        var page = await HtmlForm.ReadAsync(pageResponse);
        var form = (IHtmlFormElement)page.QuerySelector(formSelector)!;
        var action = form.GetAttribute("action");
        form.SetAttribute("action", new Uri(pageResponse.RequestMessage!.RequestUri!, string.IsNullOrEmpty(action) ? string.Empty : action).AbsoluteUri);
        return await HtmlForm.SubmitAsync(Http, page, formSelector, values);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    private void Remember(Uri url)
    {
        var query = QueryHelpers.ParseQuery(url.Query);
        foreach (var name in new[] { "code", "state" })
        {
            if (query.TryGetValue(name, out var values))
            {
                foreach (var value in values.Where(v => !string.IsNullOrEmpty(v) && v.Length >= 16 && !v.StartsWith('/')))
                {
                    SecretsSeen.Add(value!);
                }
            }
        }
    }
}
