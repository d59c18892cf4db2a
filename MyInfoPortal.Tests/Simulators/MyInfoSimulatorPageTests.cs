using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Simulators;

public sealed class MyInfoSimulatorPageTests
{
    [Fact]
    public async Task AuthoriseShowsAPersonaPickerThenAConsentPageListingPurposeAndAttributes()
    {
        using var sim = new MyInfoSimulatorHarness();

        var picker = await sim.Browser.GetAsync(new Uri(MyInfoSimulatorHarness.AuthoriseUrl("name,regadd,mobileno")));
        var pickerPage = await HtmlForm.ReadAsync(picker);

        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        Assert.Equal("no-referrer", picker.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", picker.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("simulated", pickerPage.Title, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(pickerPage.QuerySelector(".sim-banner"));
        var form = pickerPage.QuerySelector("#persona-form")!;
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var choices = form.QuerySelectorAll("button[name=persona]").Select(b => b.GetAttribute("value")).ToList();
        Assert.Equal(MyInfoPersonas.All.Select(p => p.Id), choices);
        Assert.Empty(pickerPage.QuerySelectorAll("script:not([src]), [style]"));

        var consent = await HtmlForm.SubmitAsync(sim.Browser, pickerPage, "#persona-form", new Dictionary<string, string> { ["persona"] = "T0412876H" });
        var consentPage = await HtmlForm.ReadAsync(consent);

        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var text = consentPage.Body!.TextContent;
        Assert.Contains("KUMARI, PRIYA%RANI D/O SELVAM", text, StringComparison.Ordinal);
        Assert.Contains("*****876H", text, StringComparison.Ordinal);
        Assert.DoesNotContain("T0412876H", text, StringComparison.Ordinal);
        Assert.Contains("to test the simulator", text, StringComparison.Ordinal);
        Assert.Equal(["Principal name", "Registered address", "Mobile number"],
            consentPage.QuerySelectorAll(".sim-attributes li span").Select(s => s.TextContent).ToArray());
        var consentForm = consentPage.QuerySelector("#consent-form")!;
        Assert.NotNull(consentForm.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(["allow", "deny"], consentForm.QuerySelectorAll("button[name=decision]").Select(b => b.GetAttribute("value") ?? string.Empty).ToArray());
    }

    [Fact]
    public async Task AllowRedirectsToTheCallbackWithACodeAndTheState()
    {
        using var sim = new MyInfoSimulatorHarness();

        var callback = await sim.ConsentAsync("S7204518A", "allow");

        Assert.Equal("http://localhost/callback", callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-123", query["state"].Single());
        var code = query["code"].Single()!;
        Assert.True(code.Length >= 40);
        await using var scope = sim.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SimulatorDbContext>();
        var row = await db.SimulatorAuthCodes.SingleAsync();
        Assert.Equal(Web.Common.Hashing.Sha256Hex(code), row.CodeHash);
        Assert.Equal("S7204518A", row.PersonaId);
        Assert.Equal(MyInfoSimulatorHarness.DefaultAttributes, row.Attributes);
        Assert.Equal(MyInfoSimulatorHarness.RedirectUri, row.RedirectUri);
        Assert.Equal(sim.Clock.GetUtcNow().UtcDateTime.AddMinutes(5), row.ExpiresAt);
    }

    [Fact]
    public async Task DenyRedirectsWithAccessDeniedAndIssuesNoCode()
    {
        using var sim = new MyInfoSimulatorHarness();

        var callback = await sim.ConsentAsync("S7204518A", "deny");

        Assert.Equal("http://localhost/callback", callback.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-123", query["state"].Single());
        Assert.Equal("access_denied", query["error"].Single());
        Assert.False(string.IsNullOrEmpty(query["error-description"].Single()));
        Assert.False(query.ContainsKey("code"));
        await using var scope = sim.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SimulatorDbContext>().SimulatorAuthCodes.CountAsync());
    }

    [Theory]
    [InlineData("client_id", "SOMEONE-ELSE")]
    [InlineData("redirect_uri", "https://evil.example/callback")]
    [InlineData("redirect_uri", "http://localhost/callback?x=1")]
    [InlineData("attributes", "")]
    [InlineData("attributes", "name,<script>")]
    [InlineData("state", "")]
    public async Task AuthoriseShowsAnErrorPageAndNeverRedirectsOnABadRequest(string parameter, string value)
    {
        using var sim = new MyInfoSimulatorHarness();
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = MyInfoSimulatorHarness.ClientId,
            ["attributes"] = "name",
            ["purpose"] = "testing",
            ["state"] = "s",
            ["redirect_uri"] = MyInfoSimulatorHarness.RedirectUri,
        };
        query[parameter] = value;

        var response = await sim.Browser.GetAsync(new Uri(QueryHelpers.AddQueryString("/sim/myinfo/v3/authorise", query), UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await HtmlForm.ReadAsync(response);
        Assert.Contains("This request cannot continue", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#persona-form"));
    }

    [Fact]
    public async Task AuthoriseRefusesARepeatedParameter()
    {
        using var sim = new MyInfoSimulatorHarness();
        var url = MyInfoSimulatorHarness.AuthoriseUrl() + "&state=second";

        var response = await sim.Browser.GetAsync(new Uri(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task AlteredOrExpiredPageStateIsRefused()
    {
        using var sim = new MyInfoSimulatorHarness();
        var picker = await HtmlForm.ReadAsync(await sim.Browser.GetAsync(new Uri(MyInfoSimulatorHarness.AuthoriseUrl())));
        var sealedRequest = picker.QuerySelector("#persona-form input[name=request]")!.GetAttribute("value")!;

        var altered = await HtmlForm.SubmitAsync(sim.Browser, picker, "#persona-form",
            new Dictionary<string, string> { ["persona"] = "S7204518A", ["request"] = sealedRequest[..^4] + "AAAA" });
        sim.Clock.Advance(TimeSpan.FromMinutes(16));
        var expired = await HtmlForm.SubmitAsync(sim.Browser, picker, "#persona-form", new Dictionary<string, string> { ["persona"] = "S7204518A" });

        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("expired or was altered", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConsentRequestFromThePickerCannotSkipPersonaChoice()
    {
        using var sim = new MyInfoSimulatorHarness();
        var picker = await HtmlForm.ReadAsync(await sim.Browser.GetAsync(new Uri(MyInfoSimulatorHarness.AuthoriseUrl())));
        var pickerRequest = picker.QuerySelector("#persona-form input[name=request]")!.GetAttribute("value")!;
        var consent = await HtmlForm.ReadAsync(await HtmlForm.SubmitAsync(sim.Browser, picker, "#persona-form", new Dictionary<string, string> { ["persona"] = "S7204518A" }));

        // The picker's sealed request names no persona, so it cannot be posted straight to consent.
        var response = await HtmlForm.SubmitAsync(sim.Browser, consent, "#consent-form",
            new Dictionary<string, string> { ["decision"] = "allow", ["request"] = pickerRequest });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ConsentWithoutTheAntiforgeryTokenIsRejected()
    {
        using var sim = new MyInfoSimulatorHarness();
        var picker = await HtmlForm.ReadAsync(await sim.Browser.GetAsync(new Uri(MyInfoSimulatorHarness.AuthoriseUrl())));
        var consent = await HtmlForm.ReadAsync(await HtmlForm.SubmitAsync(sim.Browser, picker, "#persona-form", new Dictionary<string, string> { ["persona"] = "S7204518A" }));

        var response = await HtmlForm.SubmitAsync(sim.Browser, consent, "#consent-form",
            new Dictionary<string, string> { ["decision"] = "allow", ["__RequestVerificationToken"] = "forged" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task LandingPageListsEveryPersonaMasked()
    {
        using var sim = new MyInfoSimulatorHarness();

        var response = await sim.Browser.GetAsync(new Uri("/sim/myinfo", UriKind.Relative));
        var page = await HtmlForm.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll(".sim-table tbody tr");
        Assert.Equal(MyInfoPersonas.All.Count, rows.Length);
        Assert.Contains(MyInfoSimulatorHarness.ClientId, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.ClientSecret, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.All(MyInfoPersonas.All, p => Assert.DoesNotContain(p.Id, page.Body!.TextContent, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/sim/myinfo")]
    [InlineData("GET", "/sim/myinfo/v3/authorise?client_id=MYINFOPORTAL-SIM&attributes=name&purpose=p&state=s&redirect_uri=http%3A%2F%2Flocalhost%2Fcallback")]
    [InlineData("POST", "/sim/myinfo/v3/authorise/persona")]
    [InlineData("POST", "/sim/myinfo/v3/authorise/consent")]
    [InlineData("POST", "/sim/myinfo/v3/token")]
    [InlineData("GET", "/sim/myinfo/v3/person/S7204518A/?client_id=MYINFOPORTAL-SIM&attributes=name")]
    public async Task EverySimulatorRouteIsNotFoundWhenTheSimulatorIsOff(string method, string path)
    {
        using var sim = new MyInfoSimulatorHarness();
        sim.With("Simulators:MyInfo:Enabled", "false");

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new("decision", "allow")]);
        }

        var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AFullFlowLogsNoCodeStateTokenSecretOrFullNric()
    {
        using var sim = new MyInfoSimulatorHarness();
        const string State = "state-value-that-must-not-be-logged";
        var callback = await sim.ConsentAsync("T0412876H", "allow", state: State);
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].Single()!;
        using var tokenRequest = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        var tokenResponse = await sim.Browser.SendAsync(tokenRequest);
        var token = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var personRequest = sim.SignedPersonRequest("T0412876H", token);
        var person = await sim.Browser.SendAsync(personRequest);
        using var replay = sim.SignedTokenRequest(MyInfoSimulatorHarness.TokenForm(code, sim.ClientSecret));
        await sim.Browser.SendAsync(replay);
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);

        var ours = sim.Logs.Lines.Where(l => l.Contains(" MyInfoPortal.", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, l => l.Contains("[4010]", StringComparison.Ordinal) && l.Contains("*****876H", StringComparison.Ordinal));
        Assert.Contains(ours, l => l.Contains("[4011]", StringComparison.Ordinal));
        foreach (var line in ours)
        {
            Assert.DoesNotContain(code, line, StringComparison.Ordinal);
            Assert.DoesNotContain(State, line, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", line, StringComparison.Ordinal);
            Assert.DoesNotContain(sim.ClientSecret, line, StringComparison.Ordinal);
            Assert.DoesNotMatch("[STFGM][0-9]{7}[A-Z]", line);
        }
    }
}
