using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Simulators;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>The embedded gateway over HTTP: what it accepts, and the exact answers for what it does not.</summary>
public sealed class GatewaySimulatorTests(SharedSafeEntry shared) : IClassFixture<SharedSafeEntry>
{
    private const string Single = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE";
    private const string Multi = "STG-180000001W-83341-SEQRSELFTESTMULTI-SE";

    public static TheoryData<string, string> InvalidPayloads => new()
    {
        { """{}""", "Missing venueId" },
        { """{"venueId":"","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Missing venueId" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846C","subType":"uinfin"}""", "Missing mobileno" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"62345678"}""", "Invalid mobileno" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"9237634"}""", "Invalid mobileno" },
        { $$"""{"venueId":"{{Single}}","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Missing actionType" },
        { $$"""{"venueId":"{{Single}}","actionType":"enter","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Invalid actionType" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","subType":"uinfin","mobileno":"92376345"}""", "Missing sub" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846C","mobileno":"92376345"}""", "Missing sub type" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846C","subType":"nric","mobileno":"92376345"}""", "Invalid sub type" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"S9960846D","subType":"uinfin","mobileno":"92376345"}""", "Invalid uinfin" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"K12 345","subType":"others","mobileno":"92376345"}""", "Invalid passport no" },
        { $$"""{"venueId":"{{Single}}","actionType":"checkin","sub":"AB","subType":"others","mobileno":"92376345"}""", "Invalid passport no" },
        { """{"venueId":"STG-NOT-A-VENUE-SE","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Invalid venue" },
        { $$"""{"venueId":"{{Multi}}","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Missing tenantId" },
        { $$"""{"venueId":"{{Multi}}","tenantId":"VENUE9","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Invalid tenantId" },
        { $$"""{"venueId":"{{Single}}","tenantId":"VENUE1","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""", "Invalid tenantId" },
        { """[1,2,3]""", "Invalid body" },
        { """not json at all""", "Invalid body" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task InvalidPayloadGetsTheSpecificationsExactMessage(string json, string message)
    {
        var factory = shared.WithSimulator;
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var receiptsBefore = await factory.ReceiptCountAsync();

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(json)));

        await AssertAnswerAsync(response, HttpStatusCode.BadRequest, message);
        Assert.Equal(receiptsBefore, await factory.ReceiptCountAsync());
    }

    [Theory]
    [InlineData("""{"venueId":"STG-180000001W-83341-SEQRSELFTESTMULTI-SE","tenantId":"VENUE3","actionType":"checkout","sub":"M5012345J","subType":"uinfin","mobileno":"+6584673736"}""", "*****345J", "****3736", "VENUE3")]
    [InlineData("""{"venueId":"STG-180000001W-83340-COMMUNITYCLUB-SE","actionType":"checkin","sub":"E1234567-X","subType":"others","mobileno":"8467 3736"}""", "******67-X", "****3736", null)]
    public async Task ValidSubmissionIsCreatedWithAnEmptyBodyAndAMaskedReceipt(string json, string subMasked, string mobileMasked, string? tenant)
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(json)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var receipt = await factory.WithSimulatorDbAsync(db => db.GatewayReceipts.AsNoTracking().SingleAsync());
        Assert.Equal(subMasked, receipt.SubMasked);
        Assert.Equal(mobileMasked, receipt.MobileMasked);
        Assert.Equal(tenant, receipt.TenantId);
    }

    [Fact]
    public async Task MissingOrForeignAuthorizationIsRefused()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var jwe = signer.Encrypt(ValidJson);

        await AssertAnswerAsync(await client.SendAsync(GatewayRequestSigner.Create(jwe, null)), HttpStatusCode.Unauthorized, "No security header given");
        await AssertAnswerAsync(await client.SendAsync(GatewayRequestSigner.Create(jwe, "Bearer abc")), HttpStatusCode.Unauthorized, "Authorization header must be PKI_SIGN");
        await AssertAnswerAsync(await client.SendAsync(GatewayRequestSigner.Create(jwe, "PKI_SIGN app_id=\"x\"")), HttpStatusCode.Unauthorized, "Malformed PKI_SIGN authorization header");
        await AssertAnswerAsync(await client.SendAsync(signer.Create(jwe, appId: "SOMEONE-ELSE")), HttpStatusCode.Unauthorized,
            "Invalid App ID. Digital service is not registered with SafeEntry");
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task SignatureByAnotherKeyIsRefused()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        using var otherKey = RSA.Create(2048);

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson), signingKey: otherKey));

        await AssertAnswerAsync(response, HttpStatusCode.Unauthorized, "Signature incorrect");
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task BodyOtherThanTheSignedJoseIsRefused()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson), signedJwe: signer.Encrypt(ValidJson)));

        await AssertAnswerAsync(response, HttpStatusCode.Unauthorized, "Signature incorrect");
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Theory]
    [InlineData(-31)]
    [InlineData(31)]
    [InlineData(-3600)]
    public async Task TimestampOutsideTheSkewIsRefused(int secondsOff)
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var timestamp = factory.Clock.GetUtcNow().AddSeconds(secondsOff).ToUnixTimeMilliseconds();

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson), timestamp: timestamp));

        await AssertAnswerAsync(response, HttpStatusCode.Unauthorized, "The timestamp of server is not synchronised");
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task TimestampWithinTheSkewIsAccepted()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var timestamp = factory.Clock.GetUtcNow().AddSeconds(-29).ToUnixTimeMilliseconds();

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson), timestamp: timestamp));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ReplayedNonceIsRefusedAndNothingIsStoredTwice()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var jwe = signer.Encrypt(ValidJson);
        var nonce = PkiSignNonce();
        var timestamp = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        using var first = await client.SendAsync(signer.Create(jwe, nonce, timestamp));
        using var replay = await client.SendAsync(signer.Create(jwe, nonce, timestamp));
        using var sameNonceNewTime = await client.SendAsync(signer.Create(jwe, nonce, timestamp + 1000));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertAnswerAsync(replay, HttpStatusCode.Unauthorized, "The value of the nonce in the authorisation header was deemed to be repeated");
        await AssertAnswerAsync(sameNonceNewTime, HttpStatusCode.Unauthorized, "The value of the nonce in the authorisation header was deemed to be repeated");
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }

    [Theory]
    [InlineData("application/jose; charset=utf-8")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task AnyMediaTypeOtherThanApplicationJoseIsRefused(string contentType)
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson), contentType: contentType));

        await AssertAnswerAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/jose");
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task BodyThatIsNotAJweForTheGatewayIsInvalid()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        using var strangerKey = RSA.Create(2048);
        var forSomeoneElse = Web.Crypto.JweCodec.Encrypt(System.Text.Encoding.UTF8.GetBytes(ValidJson), strangerKey);

        using var garbage = await client.SendAsync(signer.Create("a.b.c.d.e"));
        using var wrongRecipient = await client.SendAsync(signer.Create(forSomeoneElse));

        await AssertAnswerAsync(garbage, HttpStatusCode.BadRequest, "Invalid body");
        await AssertAnswerAsync(wrongRecipient, HttpStatusCode.BadRequest, "Invalid body");
    }

    [Fact]
    public async Task DisabledSimulatorIsNotThere()
    {
        using var factory = new SafeEntryFactory().With("Simulators:SafeEntry:Enabled", "false");
        using var client = factory.CreateClient();

        using var entry = await client.SendAsync(GatewayRequestSigner.Create("a.b.c.d.e", "PKI_SIGN x"));
        using var page = await client.GetAsync(new Uri("/sim/safeentry", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, entry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task ScriptedFaultsAnswerBeforeAnyCheckAndThenTheGatewayRecovers()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        factory.Gateway.FailNext(2, 503, "Service unavailable");

        using var first = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson)));
        using var second = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson)));
        using var third = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson)));

        await AssertAnswerAsync(first, HttpStatusCode.ServiceUnavailable, "Service unavailable");
        await AssertAnswerAsync(second, HttpStatusCode.ServiceUnavailable, "Service unavailable");
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal([503, 503, 201], factory.Gateway.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task ErrorFaultFromConfigurationAnswers500()
    {
        using var factory = new SafeEntryFactory().With("Simulators:SafeEntry:Fault", "Error");
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);

        using var response = await client.SendAsync(signer.Create(signer.Encrypt(ValidJson)));

        await AssertAnswerAsync(response, HttpStatusCode.InternalServerError, "Internal server error");
        Assert.Equal(GatewayFault.Error, factory.Gateway.Fault);
    }

    private const string ValidJson =
        """{"venueId":"STG-180000001W-83338-SEQRSELFTESTSINGLE-SE","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""";

    private static string PkiSignNonce() => Web.Crypto.PkiSign.NewNonce();

    private static async Task AssertAnswerAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(message, body.RootElement.GetProperty("message").GetString());
    }
}
