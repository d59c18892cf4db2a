using System.Globalization;
using System.Net;
using MyInfoPortal.Tests.Kiosk;
using MyInfoPortal.Tests.Staff;

namespace MyInfoPortal.Tests.Security;

/// <summary>security.md F: every limited route answers 429 with Retry-After once its budget is spent, and each rejection is one Warning.</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData("LoginPerMinute", "GET", "/login")]
    [InlineData("LoginPerMinute", "GET", "/users/me/external/myinfo-redirect-login")]
    [InlineData("CallbackPerMinute", "GET", "/callback?code=x&state=y")]
    [InlineData("CallbackPerMinute", "GET", "/users/me/external/myinfo?code=x")]
    [InlineData("SignInPerMinute", "POST", "/staff/login")]
    [InlineData("CheckInPerMinute", "POST", "/kiosk")]
    [InlineData("CheckInPerMinute", "POST", "/kiosk/suggest")]
    [InlineData("CheckInPerMinute", "POST", "/profile/checkin")]
    public async Task OverTheLimitAnswers429WithRetryAfter(string limit, string method, string path)
    {
        using var factory = new KioskFactory();
        factory.With("RateLimits:" + limit, "2");
        using var client = StaffTestSupport.NewBrowser(factory);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            last = await client.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
        Assert.True(int.Parse(last!.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
        Assert.Single(factory.Logs.Lines, l => l.StartsWith("Warning MyInfoPortal.Security[5000]", StringComparison.Ordinal));
        last.Dispose();
    }
}
