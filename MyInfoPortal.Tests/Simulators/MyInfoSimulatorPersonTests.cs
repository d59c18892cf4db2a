using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Web.Crypto;
using static MyInfoPortal.Tests.Simulators.MyInfoSimulatorTokenTests;

namespace MyInfoPortal.Tests.Simulators;

public sealed class MyInfoSimulatorPersonTests
{
    public static TheoryData<string> PersonaIds()
    {
        var data = new TheoryData<string>();
        foreach (var persona in MyInfoPersonas.All)
        {
            data.Add(persona.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PersonaIds))]
    public async Task PersonAnswersWithAJweAroundAQuotedJwsOfTheRequestedAttributes(string personaId)
    {
        using var sim = new MyInfoSimulatorHarness();
        const string Attributes = "name,uinfin,regadd,nationality,birthcountry,mobileno,email,marital";
        var token = await sim.AccessTokenAsync(personaId, Attributes);

        using var request = sim.SignedPersonRequest(personaId, token, Attributes);
        var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jose", response.Content.Headers.ContentType?.MediaType);
        var jwe = await response.Content.ReadAsStringAsync();
        Assert.Equal(5, jwe.Split('.').Length);
        using var header = JsonDocument.Parse(Base64Url.Decode(jwe.Split('.')[0]));
        Assert.Equal("RSA-OAEP", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("A256GCM", header.RootElement.GetProperty("enc").GetString());

        var person = sim.OpenPersonResponse(jwe);
        var expected = MyInfoPersonas.Find(personaId)!.Select(Attributes.Split(','));
        Assert.True(JsonNode.DeepEquals(expected, person), person.ToJsonString());
        Assert.Equal(Attributes.Split(','), person.Select(p => p.Key).ToArray());
        Assert.Equal(personaId, person["uinfin"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task PersonOnlyReturnsTheAttributesAskedFor()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S9038254C", "name,uinfin,regadd,dob");

        using var request = sim.SignedPersonRequest("S9038254C", token, "name,dob");
        var response = await sim.Browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var person = sim.OpenPersonResponse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["name", "dob"], person.Select(p => p.Key).ToArray());
        Assert.Equal("LIM WEI MING, JASON", person["name"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task PersonKeepsAccentedNamesAsUtf8()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("M2219046J", "name,uinfin");

        using var request = sim.SignedPersonRequest("M2219046J", token, "name,uinfin");
        var response = await sim.Browser.SendAsync(request);

        using var portalKey = sim.PortalKey;
        var plaintext = Encoding.UTF8.GetString(JweCodec.Decrypt(await response.Content.ReadAsStringAsync(), portalKey));
        var payload = Encoding.UTF8.GetString(Base64Url.Decode(JsonSerializer.Deserialize<string>(plaintext)!.Split('.')[1]));
        Assert.Contains("\"JOSÉ MARÍA ÁLVAREZ RUIZ\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonRejectsASubOtherThanTheTokens()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");

        using var request = sim.SignedPersonRequest("S8523671G", token);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "UIN requested does not match logged in user");
    }

    [Fact]
    public async Task PersonRejectsAnAttributeThatWasNotConsented()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A", "name,uinfin");

        using var request = sim.SignedPersonRequest("S7204518A", token, "name,uinfin,mobileno");
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 403, "Requested attributes are not consented: mobileno");
    }

    [Fact]
    public async Task PersonRejectsATamperedBearerToken()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.Decode(parts[1]))!;
        claims["sub"] = "S8523671G";
        var forged = parts[0] + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString())) + "." + parts[2];

        using var request = sim.SignedPersonRequest("S8523671G", forged);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid token");
    }

    [Fact]
    public async Task PersonRejectsATokenSignedByAnotherKey()
    {
        using var sim = new MyInfoSimulatorHarness();
        var genuine = await sim.AccessTokenAsync("S7204518A");
        using var stranger = RSA.Create(2048);
        var forged = JwsCodec.Sign(Base64Url.Decode(genuine.Split('.')[1]), stranger, "JWT");

        using var request = sim.SignedPersonRequest("S7204518A", forged);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid token");
    }

    [Fact]
    public async Task PersonRejectsAnUnsignedAlgNoneToken()
    {
        using var sim = new MyInfoSimulatorHarness();
        var genuine = await sim.AccessTokenAsync("S7204518A");
        var none = Base64Url.Encode("""{"alg":"none","typ":"JWT"}"""u8) + "." + genuine.Split('.')[1] + ".";

        using var request = sim.SignedPersonRequest("S7204518A", none);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid token");
    }

    [Fact]
    public async Task PersonRejectsAnExpiredToken()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");
        sim.Clock.Advance(TimeSpan.FromMinutes(30));

        using var request = sim.SignedPersonRequest("S7204518A", token);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Token has expired");
    }

    [Fact]
    public async Task PersonRejectsACallWithoutABearerToken()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");

        using var request = sim.SignedPersonRequest("S7204518A", token);
        var header = request.Headers.GetValues("Authorization").Single();
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", header[..header.IndexOf(",Bearer ", StringComparison.Ordinal)]);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Missing bearer token");
    }

    [Fact]
    public async Task PersonRejectsASignatureByAnotherKey()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");
        using var stranger = RSA.Create(2048);

        using var request = sim.SignedPersonRequest("S7204518A", token, key: stranger);
        var response = await sim.Browser.SendAsync(request);

        await AssertErrorAsync(response, 401, "Invalid signature");
    }

    [Fact]
    public async Task PersonRejectsAReplayedRequest()
    {
        using var sim = new MyInfoSimulatorHarness();
        var token = await sim.AccessTokenAsync("S7204518A");
        using var original = sim.SignedPersonRequest("S7204518A", token);
        var header = original.Headers.GetValues("Authorization").Single();

        var first = await sim.Browser.SendAsync(original);
        using var replay = new HttpRequestMessage(HttpMethod.Get, original.RequestUri);
        replay.Headers.TryAddWithoutValidation("Authorization", header);
        var second = await sim.Browser.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertErrorAsync(second, 401, "Nonce has already been used");
    }
}
