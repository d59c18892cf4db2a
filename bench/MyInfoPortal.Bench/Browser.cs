using System.Net;
using System.Text.RegularExpressions;

namespace MyInfoPortal.Bench;

/// <summary>
/// The least a browser does for a server-rendered journey: keeps cookies, follows nothing by itself (every
/// redirect is checked by the caller), reads a form's action and hidden fields and submits them. Cheap,
/// so the load driver leaves the cores to the server.
/// </summary>
internal sealed partial class Browser(HttpClient http, Uri baseUri)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Uri BaseUri => baseUri;

    public void ClearCookies() => _cookies.Clear();

    /// <summary>Another browser (its own connection) holding the same cookies, e.g. the same staff session.</summary>
    public Browser Fork()
    {
        var fork = new Browser(Load.NewClient(), baseUri);
        foreach (var (name, value) in _cookies)
        {
            fork._cookies[name] = value;
        }

        return fork;
    }

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> GetAsync(string pathOrUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(pathOrUrl));
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string pathOrUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve(pathOrUrl)) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    /// <summary>Submits the form with this id: its hidden fields, then the given values.</summary>
    public Task<(HttpStatusCode Status, string Body, Uri? Location)> SubmitAsync(string page, string formId, params (string Name, string Value)[] values)
    {
        var (action, hidden) = ReadForm(page, formId);
        return PostAsync(action, hidden.Concat(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value))));
    }

    public static (string Action, List<KeyValuePair<string, string>> Hidden) ReadForm(string page, string? formId)
    {
        var start = formId is null ? page.IndexOf("<form", StringComparison.Ordinal) : page.IndexOf($"id=\"{formId}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new JourneyException($"The page has no form {formId}.");
        }

        var formStart = page.LastIndexOf("<form", start, StringComparison.Ordinal);
        var formEnd = page.IndexOf("</form>", start, StringComparison.Ordinal);
        if (formStart < 0 || formEnd < 0)
        {
            throw new JourneyException($"The page's form {formId} is not whole.");
        }

        var form = page[formStart..formEnd];
        var action = WebUtility.HtmlDecode(ActionPattern().Match(form).Groups[1].Value);
        var hidden = new List<KeyValuePair<string, string>>();
        foreach (Match input in HiddenPattern().Matches(form))
        {
            var tag = input.Value;
            var name = NamePattern().Match(tag).Groups[1].Value;
            var value = ValuePattern().Match(tag).Groups[1].Value;
            hidden.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(value)));
        }

        return (action, hidden);
    }

    private Uri Resolve(string pathOrUrl) => new(baseUri, pathOrUrl);

    private async Task<(HttpStatusCode Status, string Body, Uri? Location)> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        }

        using var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = pair[..equals];
                var value = pair[(equals + 1)..];
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } l ? new Uri(request.RequestUri!, l) : null;
        return (response.StatusCode, body, location);
    }

    [GeneratedRegex("action=\"([^\"]*)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}

/// <summary>A journey that did not end where it should: counted as a failure, never as a success.</summary>
internal sealed class JourneyException(string message) : Exception(message);

/// <summary>Runs a journey from several workers at once, for a time or a count, and counts what succeeded.</summary>
internal static class Load
{
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = 1,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Result(int Succeeded, int Failed, TimeSpan Elapsed, string? FirstFailure)
    {
        public double PerSecond => Succeeded / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Every worker gets its own connection and its own state (made by <paramref name="newWorker"/>) and
    /// repeats the journey until the time is up.
    /// </summary>
    public static async Task<Result> RunAsync<TWorker>(int concurrency, TimeSpan duration, Func<int, TWorker> newWorker, Func<TWorker, int, Task> journey)
    {
        var succeeded = 0;
        var failed = 0;
        string? firstFailure = null;
        var counter = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var worker = newWorker(w);
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref counter);
                try
                {
                    await journey(worker, n);
                    Interlocked.Increment(ref succeeded);
                }
                catch (Exception ex) when (ex is JourneyException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        clock.Stop();
        return new Result(succeeded, failed, clock.Elapsed, firstFailure);
    }
}
