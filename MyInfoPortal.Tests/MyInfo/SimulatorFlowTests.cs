using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// The whole flow against the embedded Myinfo v3 simulator (its own PKI_SIGN checks, single-use codes,
/// JWE person responses), reached through the test server. Calls are counted on the portal's client.
/// </summary>
public sealed class SimulatorFlowTests
{
    private static readonly string[] DefaultAttributes = ["name", "dob", "birthcountry", "nationality", "uinfin", "sex", "regadd"];

    public static TheoryData<string> Personas() => [.. MyInfoPersonas.All.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PageFlowShowsEachPersonasProfile(string personaId)
    {
        var persona = MyInfoPersonas.Find(personaId)!;
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();

        using var callback = await SimulatorDriver.PageFlowToCallbackAsync(browser, personaId);
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));

        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        Assert.Equal(1, factory.Calls.TokenCalls);
        Assert.Equal(1, factory.Calls.PersonCalls);
        var page = await HtmlForm.ReadAsync(profile);
        Assert.Equal(persona.Name, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(Nric.Mask(personaId), ProfilePage.Value(page, "uinfin"));
        Assert.DoesNotContain(personaId, page.Body!.TextContent, StringComparison.Ordinal);

        var data = persona.ToJson();
        foreach (var attribute in DefaultAttributes.Where(a => a != "uinfin"))
        {
            Assert.StartsWith("From Myinfo · ", ProfilePage.Source(page, attribute), StringComparison.Ordinal);
            var expected = data[attribute] as JsonObject;
            if (expected is null || expected["unavailable"]?.GetValue<bool>() == true)
            {
                Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, attribute));
            }
            else if (expected["desc"] is { } desc && desc.GetValue<string>().Length > 0)
            {
                Assert.Equal($"{desc.GetValue<string>()} ({expected["code"]!.GetValue<string>()})", ProfilePage.Value(page, attribute));
            }
        }

        var address = data["regadd"]!.AsObject();
        var lines = ProfilePage.Lines(page, "regadd");
        if (address["type"]!.GetValue<string>() == "Unformatted")
        {
            Assert.Equal([address["line1"]!["value"]!.GetValue<string>(), address["line2"]!["value"]!.GetValue<string>()], lines);
        }
        else
        {
            Assert.Equal("SINGAPORE " + address["postal"]!["value"]!.GetValue<string>(), lines[^1]);
            Assert.Contains(lines, l => l.Contains(address["street"]!["value"]!.GetValue<string>(), StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task JsonApiFlowReturnsEachPersonasSodata(string personaId)
    {
        var persona = MyInfoPersonas.Find(personaId)!;
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        using var start = await browser.GetAsync(new Uri("/users/me/external/myinfo-redirect-login", UriKind.Relative));
        using var started = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var authorise = new Uri(started.RootElement.GetProperty("data").GetProperty("url").GetString()!);

        using var callback = await browser.GetAsync(new Uri(await SimulatorDriver.AuthoriseAsync(browser, authorise, personaId), UriKind.Relative));
        var next = await FlowDriver.ContinueLinkAsync(callback);
        using var person = await browser.GetAsync(new Uri(next, UriKind.Relative));
        using var again = await browser.GetAsync(new Uri(next, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        using var json = JsonDocument.Parse(await person.Content.ReadAsStringAsync());
        var sodata = json.RootElement.GetProperty("sodata");
        var data = persona.ToJson();
        Assert.Equal(personaId, sodata.GetProperty("uinfin").GetString());
        Assert.Equal(persona.Name, sodata.GetProperty("name").GetString());
        Assert.Equal(data["sex"]!["code"]!.GetValue<string>(), sodata.GetProperty("sex").GetString());
        Assert.Equal(data["nationality"]!["code"]!.GetValue<string>(), sodata.GetProperty("nationality").GetString());
        Assert.Equal(data["regadd"]!["type"]!.GetValue<string>(), sodata.GetProperty("regadd").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task DenyAtTheSimulatorShowsTheFriendlyPageWithoutATokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();

        using var callback = await SimulatorDriver.PageFlowToCallbackAsync(browser, "S7204518A", decision: "deny");

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("You did not share your Myinfo data", await FlowDriver.PageTextAsync(callback), StringComparison.Ordinal);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task ReplayedCallbackIsRejectedWithoutAnotherTokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        var (authorise, _) = await FlowDriver.StartPageFlowAsync(browser);
        var callback = await SimulatorDriver.AuthoriseAsync(browser, authorise, "S7204518A");
        using var first = await browser.GetAsync(new Uri(callback, UriKind.Relative));
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(first), UriKind.Relative));

        using var replay = await browser.GetAsync(new Uri(callback, UriKind.Relative));

        Assert.Equal(HttpStatusCode.SeeOther, complete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(1, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task ExpiredStateIsRejectedWithoutATokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        var (authorise, _) = await FlowDriver.StartPageFlowAsync(browser);
        factory.Clock.Advance(TimeSpan.FromMinutes(11));

        using var callback = await browser.GetAsync(new Uri(await SimulatorDriver.AuthoriseAsync(browser, authorise, "S7204518A"), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task CallbackInAnotherBrowserIsRejectedWithoutATokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var victim = factory.CreateBrowser();
        using var attacker = factory.CreateBrowser();
        await FlowDriver.StartPageFlowAsync(victim);
        var (authorise, _) = await FlowDriver.StartPageFlowAsync(attacker);

        // Login CSRF: the attacker's own code and state, delivered to the victim's browser.
        var callback = await SimulatorDriver.AuthoriseAsync(attacker, authorise, "S9038254C");
        using var planted = await victim.GetAsync(new Uri(callback, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, planted.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task TamperedStateIsRejectedWithoutATokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        var (authorise, state) = await FlowDriver.StartPageFlowAsync(browser);
        var callback = await SimulatorDriver.AuthoriseAsync(browser, authorise, "S7204518A");
        var query = QueryHelpers.ParseQuery(new Uri("http://localhost" + callback).Query);
        var tampered = state[..^1] + (state[^1] == 'A' ? 'B' : 'A');

        using var response = await FlowDriver.CallbackAsync(browser, FlowDriver.CallbackQuery(query["code"].Single()!, tampered));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, factory.Calls.TokenCalls);
    }

    [Fact]
    public async Task FiftyConcurrentCallbacksWithOneStateMakeExactlyOneTokenCall()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        using var browser = factory.CreateBrowser();
        var (authorise, _) = await FlowDriver.StartPageFlowAsync(browser);
        var callback = await SimulatorDriver.AuthoriseAsync(browser, authorise, "S7204518A");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => browser.GetAsync(new Uri(callback, UriKind.Relative))));
        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var next = await FlowDriver.ContinueLinkAsync(winner);
        var completions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => browser.GetAsync(new Uri(next, UriKind.Relative))));

        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(completions, r => r.StatusCode == HttpStatusCode.SeeOther);
        Assert.Equal(1, factory.Calls.TokenCalls);
        Assert.Equal(1, factory.Calls.PersonCalls);
        foreach (var response in responses.Concat(completions))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ProfileAttributesBeyondTheDefaultsAreRenderedSensibly()
    {
        using var factory = new MyInfoFactory(useSimulator: true);
        factory.With("MyInfo:Attributes", "name,uinfin,sex,dob,regadd,mobileno,email,marital,passtype,passexpirydate,hdbtype");
        using var browser = factory.CreateBrowser();

        using var callback = await SimulatorDriver.PageFlowToCallbackAsync(browser, "S5502917B");
        using var complete = await browser.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(callback), UriKind.Relative));
        using var profile = await browser.GetAsync(new Uri("/profile", UriKind.Relative));
        var page = await HtmlForm.ReadAsync(profile);

        Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, "mobileno"));
        Assert.Equal("Not available in Myinfo", ProfilePage.Unavailable(page, "marital"));
        Assert.Equal("3-ROOM FLAT (HDB) (113)", ProfilePage.Value(page, "hdbtype"));
        Assert.Equal("Not provided", ProfilePage.Value(page, "passtype"));
        Assert.Equal("From Myinfo · Not applicable · updated 1 December 2025", ProfilePage.Source(page, "passtype"));

        using var other = factory.CreateBrowser();
        using var otherCallback = await SimulatorDriver.PageFlowToCallbackAsync(other, "S7741902J");
        using var otherComplete = await other.GetAsync(new Uri(await FlowDriver.ContinueLinkAsync(otherCallback), UriKind.Relative));
        using var otherProfile = await other.GetAsync(new Uri("/profile", UriKind.Relative));
        var otherPage = await HtmlForm.ReadAsync(otherProfile);
        Assert.Equal("+65 96543210", ProfilePage.Value(otherPage, "mobileno"));
        Assert.Equal("From Myinfo · Verified by Singpass · updated 4 May 2026", ProfilePage.Source(otherPage, "mobileno"));
        Assert.Equal("hafiz.rahman@example.sg", ProfilePage.Value(otherPage, "email"));
    }
}
