using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// MockPass 4.3.4 (Test-environment mode: it checks our PKI_SIGN signatures and encrypts to our
/// certificate) and the real portal on Kestrel, configured through environment variables.
/// </summary>
public sealed class MockPassFixture : IAsyncLifetime, IDisposable
{
    public const string Attributes = "name,dob,birthcountry,nationality,uinfin,sex,regadd,mobileno,email,vehicles,cpfbalances,childrenbirthrecords";

    private readonly TempFolder _keys = new("mip-e2e-keys");
    private MockPassProcess? _mockPass;

    public PortalProcess Portal { get; private set; } = null!;

    public MockPassProcess MockPass => _mockPass!;

    /// <summary>Every code and state the browsers carried, for the log scan.</summary>
    public ConcurrentBag<string> SecretsSeen { get; } = [];

    /// <summary>MockPass's own persona data, to compare with what the portal shows.</summary>
    public JsonObject Personas { get; } = (JsonObject)JsonNode.Parse(File.ReadAllText(
        Path.Combine(RepoPaths.NodeModules, "@opengovsg", "mockpass", "static", "myinfo", "v3.json")))!["personas"]!;

    public async Task InitializeAsync()
    {
        var ours = DevelopmentCertificates.Ensure(_keys.Path, "portal-e2e", "MyInfoPortal e2e client", TimeProvider.System);
        _mockPass = await MockPassProcess.StartAsync(ours.CertificatePath, showLoginPage: false);
        var myInfo = _mockPass.MyInfoBase;
        Portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["MyInfo:Mode"] = "MockPass",
            ["MyInfo:AuthoriseUrl"] = myInfo + "/authorise",
            ["MyInfo:TokenUrl"] = myInfo + "/token",
            ["MyInfo:PersonUrl"] = myInfo + "/person",
            ["MyInfo:ClientId"] = "MYINFOPORTAL-E2E",
            ["MyInfo:ClientSecret"] = MockPassProcess.Secret,
            ["MyInfo:ClientPrivateKeyPath"] = ours.KeyPath,
            ["MyInfo:ClientCertificatePath"] = ours.CertificatePath,
            ["MyInfo:MyInfoCertificatePath"] = MockPassProcess.SigningCertificatePath,
            ["MyInfo:TokenIssuer"] = _mockPass.BaseUrl + "/consent/oauth2/consent/myinfo-com",
            ["MyInfo:TokenAudience"] = "myinfo",
            ["MyInfo:Attributes"] = Attributes,
            ["RateLimits:LoginPerMinute"] = "1000",
            ["RateLimits:CallbackPerMinute"] = "1000",
        });
        await Portal.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        if (_mockPass is not null)
        {
            await _mockPass.DisposeAsync();
        }
    }

    public void Dispose() => _keys.Dispose();

    public KestrelBrowser NewBrowser() => new(SecretsSeen);

    /// <summary>Through MockPass's Singpass stand-in (persona picked by header) and consent form, back to our callback.</summary>
    public async Task<Uri> AuthoriseAsync(KestrelBrowser browser, Uri authorise, string nric, string decision = "allow")
    {
        using var toSingpass = await browser.GetAsync(authorise);
        using var signedIn = await browser.GetAsync(browser.Next(toSingpass), new Dictionary<string, string>
        {
            ["X-Custom-NRIC"] = nric,
            ["X-Custom-UUID"] = Guid.NewGuid().ToString(),
        });
        using var assert = await browser.GetAsync(browser.Next(signedIn));
        using var consentPage = await browser.GetAsync(browser.Next(assert));
        Assert.Equal(HttpStatusCode.OK, consentPage.StatusCode);
        using var decided = await browser.SubmitAsync(consentPage, "form", new Dictionary<string, string> { ["decision"] = decision });
        var callback = browser.Next(decided);
        Assert.Equal(Portal.BaseUrl + "/callback", callback.GetLeftPart(UriPartial.Path));
        return callback;
    }
}

[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class MockPassEndToEndTests(MockPassFixture fixture) : IClassFixture<MockPassFixture>
{
    /// <summary>A plain SG address; an Unformatted address with S/O; punctuation (, %); Unformatted with . and :; a failing NRIC checksum.</summary>
    public static TheoryData<string> Personas() => ["S9812381D", "S9912364H", "S6005053H", "S6005055D", "S9812388Z"];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PageFlowCompletesAgainstMockPass(string nric)
    {
        using var browser = fixture.NewBrowser();
        var expected = fixture.Personas[nric]!.AsObject();

        using var login = await browser.GetAsync(new Uri(fixture.Portal.BaseUrl + "/login"));
        var callback = await fixture.AuthoriseAsync(browser, browser.Next(login), nric);
        using var callbackPage = await browser.GetAsync(callback);
        var next = await FlowDriver.ContinueLinkAsync(callbackPage);
        using var complete = await browser.GetAsync(new Uri(new Uri(fixture.Portal.BaseUrl), next));
        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        using var profile = await browser.GetAsync(browser.Next(complete));

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var page = await HtmlForm.ReadAsync(profile);
        Assert.Equal(expected["name"]!["value"]!.GetValue<string>(), page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(Nric.Mask(nric), ProfilePage.Value(page, "uinfin"));
        var address = expected["regadd"]!.AsObject();
        var lines = ProfilePage.Lines(page, "regadd");
        if (address["type"]!.GetValue<string>() == "Unformatted")
        {
            Assert.Equal([address["line1"]!["value"]!.GetValue<string>(), address["line2"]!["value"]!.GetValue<string>()], lines);
        }
        else
        {
            Assert.Equal("SINGAPORE " + address["postal"]!["value"]!.GetValue<string>(), lines[^1]);
        }

        Assert.Equal(expected["sex"]!["desc"]!.GetValue<string>() + " (" + expected["sex"]!["code"]!.GetValue<string>() + ")",
            ProfilePage.Value(page, "sex"));
        var mobile = expected["mobileno"]!.AsObject();
        var number = mobile["nbr"]!["value"]!.GetValue<string>();
        Assert.Equal(
            number.Length == 0 ? "Not provided" : mobile["prefix"]!["value"]!.GetValue<string>() + mobile["areacode"]!["value"]!.GetValue<string>() + " " + number,
            ProfilePage.Value(page, "mobileno"));
        Assert.All(page.QuerySelectorAll("#group-personal ~ dl > .profile-field .profile-field__source"), s =>
            Assert.StartsWith("From Myinfo", s.TextContent.Trim(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task JsonApiFlowCompletesAgainstMockPass(string nric)
    {
        using var browser = fixture.NewBrowser();
        var expected = fixture.Personas[nric]!.AsObject();

        using var start = await browser.GetAsync(new Uri(fixture.Portal.BaseUrl + "/users/me/external/myinfo-redirect-login"));
        using var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var callback = await fixture.AuthoriseAsync(browser, new Uri(started.RootElement.GetProperty("data").GetProperty("url").GetString()!), nric);
        using var callbackPage = await browser.GetAsync(callback);
        var next = await FlowDriver.ContinueLinkAsync(callbackPage);
        using var person = await browser.GetAsync(new Uri(new Uri(fixture.Portal.BaseUrl), next));
        using var again = await browser.GetAsync(new Uri(new Uri(fixture.Portal.BaseUrl), next));

        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        using var json = JsonDocument.Parse(await person.Content.ReadAsStringAsync());
        Assert.Equal("OK", json.RootElement.GetProperty("message").GetString());
        var sodata = json.RootElement.GetProperty("sodata");
        Assert.Equal(nric, sodata.GetProperty("uinfin").GetString());
        Assert.Equal(expected["name"]!["value"]!.GetValue<string>(), sodata.GetProperty("name").GetString());
        Assert.Equal(expected["dob"]!["value"]!.GetValue<string>(), sodata.GetProperty("dob").GetString());
        Assert.Equal(expected["sex"]!["code"]!.GetValue<string>(), sodata.GetProperty("sex").GetString());
        Assert.Equal(expected["nationality"]!["code"]!.GetValue<string>(), sodata.GetProperty("nationality").GetString());
        Assert.Equal(expected["birthcountry"]!["code"]!.GetValue<string>(), sodata.GetProperty("birthcountry").GetString());
        Assert.True(JsonNode.DeepEquals(expected["regadd"], JsonNode.Parse(sodata.GetProperty("regadd").GetRawText())));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task DenyAtMockPassShowsTheFriendlyPage()
    {
        using var browser = fixture.NewBrowser();

        using var login = await browser.GetAsync(new Uri(fixture.Portal.BaseUrl + "/login"));
        var callback = await fixture.AuthoriseAsync(browser, browser.Next(login), "S9812381D", decision: "deny");
        using var page = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("You did not share your Myinfo data", await FlowDriver.PageTextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogsHoldNoCodeStateTokenSecretOrFullNric()
    {
        // Full flows of both kinds first, so that there is something to find if anything leaks.
        foreach (var nric in new[] { "S9812381D", "S9912364H" })
        {
            await PageFlowCompletesAgainstMockPass(nric);
            await JsonApiFlowCompletesAgainstMockPass(nric);
        }

        await DenyAtMockPassShowsTheFriendlyPage();
        await Task.Delay(500);

        var logs = LogScan.Collect(fixture.Portal.Output, fixture.Portal.LogsFolder);
        Assert.Contains("Myinfo person data retrieved", logs, StringComparison.Ordinal);
        Assert.True(fixture.SecretsSeen.Count >= 8, "the flows should have carried codes and states");
        var hits = LogScan.Find(logs, [.. fixture.SecretsSeen, MockPassProcess.Secret]);
        Assert.True(hits.Count == 0, "Found in the logs:\n" + string.Join('\n', hits));
    }
}
