using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// A cookie-keeping HTTP client that follows no redirects by itself, for walking real servers on
/// loopback hop by hop. Remembers every code and state it carried, for the log scans, and every response
/// it received. Over TLS it trusts the system's roots, plus the one test certificate it is given.
/// </summary>
public sealed class KestrelBrowser : IDisposable
{
    private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };

    public KestrelBrowser(ConcurrentBag<string> secretsSeen, X509Certificate2? trustedCertificate = null)
    {
        SecretsSeen = secretsSeen;
        if (trustedCertificate is not null)
        {
            _handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, trustedCertificate);
        }

        Http = new HttpClient(new Recorder(this, _handler)) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>Every response so far: where it came from, where it pointed, what cookies it set, which HSTS headers it had.</summary>
    public ConcurrentQueue<SeenResponse> Seen { get; } = new();

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

        // Found again by id: a selector on the action would no longer match the rewritten form.
        if (string.IsNullOrEmpty(form.Id))
        {
            form.Id = "submitted-form";
        }

        return await HtmlForm.SubmitAsync(Http, page, "#" + form.Id, values);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    /// <summary>The name must match; the chain may end at the test certificate instead of a system root.</summary>
    private static bool IsTrusted(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2 trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private sealed class Recorder(KestrelBrowser browser, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            browser.Seen.Enqueue(new SeenResponse(
                request.RequestUri!,
                (int)response.StatusCode,
                response.Headers.Location,
                response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [],
                response.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? [.. hsts] : []));
            return response;
        }
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

public sealed record SeenResponse(Uri Request, int Status, Uri? Location, IReadOnlyList<string> SetCookies, IReadOnlyList<string> Hsts);
