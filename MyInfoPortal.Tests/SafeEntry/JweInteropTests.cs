using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>Our JWE against Node's jose, an independent implementation, in both directions.</summary>
public sealed class JweInteropTests
{
    [Fact]
    public async Task NodeJoseDecryptsTheBodyOurClientSendsToTheSameJson()
    {
        var gateway = new RecordingGateway();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }
            .With("SafeEntry:EntryUrl", "https://test.api.safeentry-qr.gov.sg/partner/v1/entry");

        await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn with { TenantId = "VENUE2", ActionType = "checkout" });
        await RequestSigningTests.SendAsync(factory, RequestSigningTests.SampleCheckIn);

        var decrypted = new List<string>();
        foreach (var request in gateway.Requests)
        {
            decrypted.Add(await TestTools.NodeJoseAsync("decrypt", factory.CertificatePath("safeentry-simulator.key.pem"), request.Body));
        }

        Assert.Equal(
            """{"venueId":"STG-180000001W-83341-SEQRSELFTESTMULTI-SE","tenantId":"VENUE2","actionType":"checkout","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""",
            decrypted[0]);
        Assert.Equal(
            """{"venueId":"STG-180000001W-83341-SEQRSELFTESTMULTI-SE","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""",
            decrypted[1]);

        var header = JsonDocument.Parse(Base64Url.Decode(gateway.Requests[0].Body.Split('.')[0])).RootElement;
        Assert.Equal("RSA-OAEP", header.GetProperty("alg").GetString());
        Assert.Equal("A256GCM", header.GetProperty("enc").GetString());
    }

    [Fact]
    public async Task WeDecryptWhatNodeJoseEncryptsToTheGatewayCertificate()
    {
        using var folder = new TempFolder("mip-se-jwe");
        var pair = DevelopmentCertificates.Ensure(folder.Path, "gateway", "interop", TimeProvider.System);
        const string plaintext = """{"venueId":"V","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""";

        var jwe = await TestTools.NodeJoseAsync("encrypt", pair.CertificatePath, plaintext);
        using var key = KeyLoader.LoadPrivateKey(pair.KeyPath);

        Assert.Equal(plaintext, Encoding.UTF8.GetString(JweCodec.Decrypt(jwe, key)));
    }

    [Fact]
    public async Task GatewaySimulatorAcceptsABodyEncryptedByNodeJose()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var signer = new GatewayRequestSigner(factory);
        var jwe = await TestTools.NodeJoseAsync("encrypt", factory.CertificatePath("safeentry-simulator.crt.pem"),
            """{"venueId":"STG-180000001W-83339-HAWKERCENTRE-SE","actionType":"checkin","sub":"G0057585U","subType":"uinfin","mobileno":"84673736"}""");

        using var response = await client.SendAsync(signer.Create(jwe));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await factory.ReceiptCountAsync());
    }
}
