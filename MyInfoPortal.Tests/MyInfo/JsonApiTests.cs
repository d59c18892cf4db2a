using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>The seed connector's JSON API: same paths, same shapes, safer rules.</summary>
public sealed class JsonApiTests
{
    [Fact]
    public async Task RedirectLoginAnswersTheSeedShapeAndBindsTheBrowser()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();

        using var response = await browser.GetAsync(new Uri("/users/me/external/myinfo-redirect-login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mip-myinfo=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("message").GetString());
        var data = json.RootElement.GetProperty("data");
        var url = new Uri(data.GetProperty("url").GetString()!);
        var state = data.GetProperty("state").GetString()!;
        Assert.Equal(state, QueryHelpers.ParseQuery(url.Query)["state"].Single());
        Assert.Equal(43, state.Length);
        Assert.Equal("name,dob,birthcountry,nationality,uinfin,sex,regadd", QueryHelpers.ParseQuery(url.Query)["attributes"].Single());
    }

    [Fact]
    public async Task ApiFlowReturnsSodataInTheSeedShapeOnceOnly()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var state = await StartAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));
        var next = await FlowDriver.ContinueLinkAsync(callback);
        using var person = await browser.GetAsync(new Uri(next, UriKind.Relative));
        using var again = await browser.GetAsync(new Uri(next, UriKind.Relative));

        Assert.Equal("/users/me/external/myinfo?code=" + code, next);
        Assert.DoesNotContain(code, await FlowDriver.PageTextAsync(callback), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        Assert.Contains("no-store", person.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await person.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("message").GetString());
        var sodata = json.RootElement.GetProperty("sodata");
        Assert.Equal(
            ["birthcountry", "dob", "name", "nationality", "regadd", "sex", "uinfin"],
            sodata.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("TAN HENG HUAT", sodata.GetProperty("name").GetString());
        Assert.Equal("1988-10-06", sodata.GetProperty("dob").GetString());
        Assert.Equal("M", sodata.GetProperty("sex").GetString());
        Assert.Equal("SG", sodata.GetProperty("nationality").GetString());
        Assert.Equal("SG", sodata.GetProperty("birthcountry").GetString());
        Assert.Equal("S9812381D", sodata.GetProperty("uinfin").GetString());
        var regadd = sodata.GetProperty("regadd");
        Assert.Equal("SG", regadd.GetProperty("type").GetString());
        Assert.Equal("319", regadd.GetProperty("block").GetProperty("value").GetString());
        Assert.Equal("SINGAPORE", regadd.GetProperty("country").GetProperty("desc").GetString());
        Assert.Equal("1", regadd.GetProperty("source").GetString());

        await AssertErrorAsync(again, HttpStatusCode.BadRequest, "code_invalid");
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task ConcurrentUsesOfOneCodeMakeExactlyOneTokenCall()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var state = await StartAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));
        var next = new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => browser.GetAsync(next)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(29, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(1, factory.Calls.TokenCalls);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task OtherConfiguredAttributesAreFlattenedValueThenCodeThenObject()
    {
        using var factory = new MyInfoFactory();
        factory.With("MyInfo:Attributes", "name,uinfin,mobileno,email,vehicles,cpfbalances,sex");
        using var browser = factory.CreateBrowser();
        var state = await StartAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");

        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));
        using var person = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));

        using var json = JsonDocument.Parse(await person.Content.ReadAsStringAsync());
        var sodata = json.RootElement.GetProperty("sodata");
        Assert.Equal("97399245", sodata.GetProperty("mobileno").GetProperty("nbr").GetProperty("value").GetString());
        Assert.True(sodata.GetProperty("email").GetProperty("unavailable").GetBoolean());
        Assert.Equal("SJA1234Z", sodata.GetProperty("vehicles")[0].GetProperty("vehicleno").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Object, sodata.GetProperty("cpfbalances").ValueKind);
        Assert.Equal("M", sodata.GetProperty("sex").GetString());
    }

    [Fact]
    public async Task CodeFromAnotherBrowserIsRefusedWith401AndNoTokenCall()
    {
        using var factory = new MyInfoFactory();
        using var owner = factory.CreateBrowser();
        using var other = factory.CreateBrowser();
        await StartAsync(other);
        var state = await StartAsync(owner);
        var code = factory.Fake.IssueCode("S9812381D");
        using var callback = await FlowDriver.CallbackAsync(owner, FlowDriver.CallbackQuery(code, state));
        var next = await FlowDriver.ContinueLinkAsync(callback);

        using var stolen = await other.GetAsync(new Uri(next, UriKind.Relative));
        using var noCookie = await factory.CreateClient(new() { HandleCookies = false }).GetAsync(new Uri(next, UriKind.Relative));

        await AssertErrorAsync(stolen, HttpStatusCode.Unauthorized, "browser_mismatch");
        await AssertErrorAsync(noCookie, HttpStatusCode.Unauthorized, "browser_mismatch");
        Assert.Equal(0, factory.Calls.TokenCalls);

        using var mine = await owner.GetAsync(new Uri(next, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task CodeThatNeverReachedTheCallbackIsRefused()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        await StartAsync(browser);

        using var response = await browser.GetAsync(new Uri("/users/me/external/myinfo?code=" + factory.Fake.IssueCode("S9812381D"), UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "code_invalid");
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task PageFlowCodeIsNotAcceptedByTheApi()
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        var (_, state) = await FlowDriver.StartPageFlowAsync(browser);
        var code = factory.Fake.IssueCode("S9812381D");
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(code, state));

        using var response = await browser.GetAsync(new Uri("/users/me/external/myinfo?code=" + code, UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "code_invalid");
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?code=")]
    [InlineData("?code=a&code=b")]
    [InlineData("?code=%C3%A9t%C3%A9")]
    [InlineData("?code=abc%0Adef")]
    public async Task MalformedCodeIsRefusedAsInvalidRequest(string query)
    {
        using var factory = new MyInfoFactory();
        using var browser = factory.CreateBrowser();
        await StartAsync(browser);

        using var response = await browser.GetAsync(new Uri("/users/me/external/myinfo" + query, UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, "upstream_unavailable")]
    [InlineData(HttpStatusCode.BadRequest, HttpStatusCode.BadGateway, "token_exchange_failed")]
    public async Task UpstreamFailureIsAPlainJsonError(HttpStatusCode upstream, HttpStatusCode expected, string code)
    {
        using var factory = new MyInfoFactory();
        factory.Fake.TokenStatus = upstream;
        using var browser = factory.CreateBrowser();
        var state = await StartAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));

        using var response = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));

        var body = await AssertErrorAsync(response, expected, code);
        Assert.DoesNotContain("upstream detail", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamTimeoutIs504()
    {
        using var factory = new MyInfoFactory();
        factory.With("MyInfo:RequestTimeout", "00:00:00.300");
        factory.Fake.PersonDelay = TimeSpan.FromSeconds(10);
        using var browser = factory.CreateBrowser();
        var state = await StartAsync(browser);
        using var callback = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(factory.Fake.IssueCode("S9812381D"), state));

        using var response = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));

        await AssertErrorAsync(response, HttpStatusCode.GatewayTimeout, "upstream_timeout");
    }

    private static async Task<string> StartAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync(new Uri("/users/me/external/myinfo-redirect-login", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("data").GetProperty("state").GetString()!;
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("message").GetString()));
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        return body;
    }
}
