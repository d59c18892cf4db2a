using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>What a SafeEntry request looks like on the wire, checked against openssl rather than our own verifier.</summary>
public sealed partial class RequestSigningTests
{
    private const string Url = "https://test.api.safeentry-qr.gov.sg/partner/v1/entry";
    private const string AppId = "STG2-SEQR-SELF-TEST";
    private const string Nonce = "5a9c2a3f0e8b4d7c9f1e2d3c4b5a6978";
    private const long Timestamp = 1505900210349;

    // A well-formed compact JWE shape; the signature covers it as text, so its content does not matter here.
    private const string Jwe = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.ZW5jcnlwdGVkLWtleQ.aXYtOTYtYml0cw.Y2lwaGVydGV4dA.dGFnLTEyOC1iaXRz";

    [Fact]
    public void BaseStringCarriesTheJweAsTheJoseParameterInSortedOrder()
    {
        var baseString = PkiSign.BuildBaseString("POST", Url, SafeEntryRequests.SignedParameters(Jwe), AppId, Nonce, Timestamp);

        Assert.Equal(
            "POST&https://test.api.safeentry-qr.gov.sg/partner/v1/entry&app_id=STG2-SEQR-SELF-TEST&jose=" + Jwe +
            "&nonce=5a9c2a3f0e8b4d7c9f1e2d3c4b5a6978&signature_method=RS256&timestamp=1505900210349",
            baseString);
    }

    [Fact]
    public async Task SignatureInTheHeaderEqualsOpensslDgstOverTheBaseString()
    {
        using var folder = new TempFolder("mip-se-sign");
        using var key = RSA.Create(2048);
        var keyPath = folder.Combine("key.pem");
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
        var baseString = PkiSign.BuildBaseString("POST", Url, SafeEntryRequests.SignedParameters(Jwe), AppId, Nonce, Timestamp);
        var basePath = folder.Combine("base.txt");
        await File.WriteAllBytesAsync(basePath, Encoding.UTF8.GetBytes(baseString));

        var expected = (await TestTools.ShellAsync($"openssl dgst -sha256 -sign '{keyPath}' '{basePath}' | base64 -w0")).Trim();
        using var request = SafeEntryRequests.CreateSigned(Url, Jwe,
            new PkiSignature(AppId, Nonce, Timestamp, PkiSign.SignBaseString(baseString, key)));

        var header = request.Headers.GetValues("Authorization").Single();
        Assert.Equal(
            $"PKI_SIGN app_id=\"{AppId}\",nonce=\"{Nonce}\",signature_method=\"RS256\",signature=\"{expected}\",timestamp=\"{Timestamp}\"",
            header);
    }

    [Fact]
    public async Task SignedRequestBodyIsTheRawJweWithContentTypeExactlyApplicationJose()
    {
        using var request = SafeEntryRequests.CreateSigned(Url, Jwe, new PkiSignature(AppId, Nonce, Timestamp, "c2ln"));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(Url, request.RequestUri!.ToString());
        Assert.Equal("application/jose", request.Content!.Headers.GetValues("Content-Type").Single());
        Assert.Equal(Jwe, await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ClientSendsAFreshlySignedRequestThatOpensslVerifiesAndRecordsTheNonceBeforeSending()
    {
        var gateway = new RecordingGateway();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }.With("SafeEntry:EntryUrl", Url);
        var nonceStoredOnArrival = new List<bool>();
        gateway.OnRequest = async request =>
        {
            var nonce = HeaderPattern().Match(request.Authorization ?? string.Empty).Groups["nonce"].Value;
            nonceStoredOnArrival.Add(await factory.WithDbAsync(db =>
                db.UsedNonces.AnyAsync(n => n.Scope == NonceLedger.SafeEntryOutbound && n.Nonce == nonce)));
        };
        gateway.Answer(HttpStatusCode.InternalServerError).Answer(HttpStatusCode.Created);

        var first = await SendAsync(factory, SampleCheckIn);
        factory.Clock.Advance(TimeSpan.FromSeconds(3));
        var second = await SendAsync(factory, SampleCheckIn);

        Assert.Equal(SafeEntryOutcomeKind.Transient, first.Kind);
        Assert.Equal(SafeEntryOutcomeKind.Accepted, second.Kind);
        Assert.Equal(2, gateway.Requests.Count);
        Assert.Equal([true, true], nonceStoredOnArrival);

        var nonces = new HashSet<string>();
        foreach (var request in gateway.Requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal(Url, request.Url);
            Assert.Equal("application/jose", request.ContentType);
            Assert.Matches("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){4}$", request.Body);

            var header = HeaderPattern().Match(request.Authorization!);
            Assert.True(header.Success, "Authorization is not PKI_SIGN app_id,nonce,signature_method,signature,timestamp: " + request.Authorization);
            Assert.Equal("MYINFOPORTAL-SIM", header.Groups["app"].Value);
            Assert.True(nonces.Add(header.Groups["nonce"].Value), "a nonce was used twice");
            var baseString = $"POST&{Url}&app_id=MYINFOPORTAL-SIM&jose={request.Body}&nonce={header.Groups["nonce"].Value}" +
                $"&signature_method=RS256&timestamp={header.Groups["ts"].Value}";
            await AssertOpensslVerifiesAsync(factory, baseString, header.Groups["sig"].Value);
        }

        var timestamps = gateway.Requests.Select(r => long.Parse(HeaderPattern().Match(r.Authorization!).Groups["ts"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3000, timestamps[1] - timestamps[0]);
    }

    [Fact]
    public async Task SandboxModeSendsPlainJsonWithoutASignature()
    {
        var gateway = new RecordingGateway();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }
            .With("SafeEntry:Mode", "Sandbox")
            .With("SafeEntry:EntryUrl", "https://sandbox.api.safeentry-qr.gov.sg/partner/v1/entry");

        var outcome = await SendAsync(factory, SampleCheckIn with { TenantId = "VENUE1" });

        Assert.Equal(SafeEntryOutcomeKind.Accepted, outcome.Kind);
        var request = Assert.Single(gateway.Requests);
        Assert.Equal("application/json", request.ContentType);
        Assert.Null(request.Authorization);
        Assert.Equal(
            """{"venueId":"STG-180000001W-83341-SEQRSELFTESTMULTI-SE","tenantId":"VENUE1","actionType":"checkin","sub":"S9960846C","subType":"uinfin","mobileno":"92376345"}""",
            request.Body);
        Assert.Equal(0, await factory.WithDbAsync(db => db.UsedNonces.CountAsync()));
    }

    internal static SafeEntryPayload SampleCheckIn { get; } =
        new("STG-180000001W-83341-SEQRSELFTESTMULTI-SE", null, "checkin", "S9960846C", "uinfin", "92376345");

    internal static async Task<SafeEntryOutcome> SendAsync(SafeEntryFactory factory, SafeEntryPayload payload)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SafeEntryClient>().SendAsync(payload, CancellationToken.None);
    }

    private static async Task AssertOpensslVerifiesAsync(SafeEntryFactory factory, string baseString, string signature)
    {
        var folder = factory.Folder.Combine("verify-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var basePath = Path.Combine(folder, "base.txt");
        var sigPath = Path.Combine(folder, "sig.bin");
        var pubPath = Path.Combine(folder, "pub.pem");
        await File.WriteAllBytesAsync(basePath, Encoding.UTF8.GetBytes(baseString));
        await File.WriteAllBytesAsync(sigPath, Convert.FromBase64String(signature));
        var output = await TestTools.ShellAsync(
            $"openssl x509 -in '{factory.CertificatePath("portal.crt.pem")}' -pubkey -noout > '{pubPath}' && " +
            $"openssl dgst -sha256 -verify '{pubPath}' -signature '{sigPath}' '{basePath}'");
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("^PKI_SIGN app_id=\"(?<app>[^\"]+)\",nonce=\"(?<nonce>[0-9a-f]{32})\",signature_method=\"RS256\",signature=\"(?<sig>[A-Za-z0-9+/=]+)\",timestamp=\"(?<ts>[0-9]{13})\"$")]
    private static partial Regex HeaderPattern();
}
