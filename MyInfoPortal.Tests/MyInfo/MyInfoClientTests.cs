using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

public sealed class MyInfoClientTests
{
    private const string Attributes = "name,dob,birthcountry,nationality,uinfin,sex,regadd";

    [Fact]
    public void AuthoriseUrlCarriesEveryParameterEncoded()
    {
        using var rig = new ClientRig(o => o.Purpose = "to show you your profile & more");

        var url = new Uri(rig.Client.BuildAuthoriseUrl("abc_DEF-123"));

        Assert.Equal(ClientRig.Base + "/authorise", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("FAKE-CLIENT", query["client_id"]);
        Assert.Equal(Attributes, query["attributes"]);
        Assert.Equal("to show you your profile & more", query["purpose"]);
        Assert.Equal("abc_DEF-123", query["state"]);
        Assert.Equal("http://localhost:5000/callback", query["redirect_uri"]);
        Assert.Equal(5, query.Count);
    }

    [Fact]
    public async Task TokenCallIsSignedOverExactlyTheFormFieldsSent()
    {
        using var rig = new ClientRig();

        await rig.RetrieveAsync();

        var token = rig.Server.Received.Single(r => r.Method == HttpMethod.Post);
        Assert.True(token.SignatureValid, "the PKI_SIGN signature must verify over the form fields received");
        Assert.Equal(["client_id", "client_secret", "code", "grant_type", "redirect_uri"], token.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("http://localhost:5000/callback", token.Parameters["redirect_uri"]);
        Assert.Matches("^PKI_SIGN timestamp=\"\\d+\",nonce=\"[0-9a-f]{32}\",app_id=\"FAKE-CLIENT\",signature_method=\"RS256\",signature=\"[A-Za-z0-9+/=]+\"$", token.Authorization);

        // The base string in the documented layout: raw values, keys sorted, auth fields merged in.
        var header = Parse(token.Authorization!);
        var expected = "POST&" + ClientRig.Base + "/token&app_id=FAKE-CLIENT&client_id=FAKE-CLIENT&client_secret=fake-client-secret" +
            "&code=" + token.Parameters["code"] + "&grant_type=authorization_code&nonce=" + header.Nonce +
            "&redirect_uri=http://localhost:5000/callback&signature_method=RS256&timestamp=" + header.Timestamp;
        Assert.Equal(expected, token.BaseString);
        Assert.Equal(rig.Clock.GetUtcNow().ToUnixTimeMilliseconds(), header.Timestamp);
    }

    [Fact]
    public async Task PersonCallIsSignedOverTheQueryItSendsAndCarriesTheBearerToken()
    {
        using var rig = new ClientRig();
        string? issued = null;
        rig.Server.TokenFactory = subject => issued = rig.Server.DefaultToken(subject);

        await rig.RetrieveAsync();

        var person = rig.Server.Received.Single(r => r.Method == HttpMethod.Get);
        Assert.True(person.SignatureValid, "the PKI_SIGN signature must verify over the query received");
        Assert.Equal(ClientRig.Base + "/person/S9812381D/", person.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(["attributes", "client_id", "txnNo"], person.Parameters.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith(",Bearer " + issued, person.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(", ", person.Authorization!, StringComparison.Ordinal);

        // The query went out percent-encoded; the signed base string holds the raw values.
        Assert.Contains("attributes=name%2Cdob", person.Uri.Query, StringComparison.Ordinal);
        var header = Parse(person.Authorization!);
        var expected = "GET&" + ClientRig.Base + "/person/S9812381D/&app_id=FAKE-CLIENT&attributes=" + Attributes +
            "&client_id=FAKE-CLIENT&nonce=" + header.Nonce + "&signature_method=RS256&timestamp=" + header.Timestamp +
            "&txnNo=" + person.Parameters["txnNo"];
        Assert.Equal(expected, person.BaseString);
    }

    [Fact]
    public async Task GovernmentVariantSendsAndSignsSpEsvcId()
    {
        using var rig = new ClientRig(o => o.SpEsvcId = "MYINFO-GOV");

        await rig.RetrieveAsync();

        var person = rig.Server.Received.Single(r => r.Method == HttpMethod.Get);
        Assert.True(person.SignatureValid);
        Assert.Equal("MYINFO-GOV", person.Parameters["sp_esvcId"]);
        Assert.Contains("&sp_esvcId=MYINFO-GOV&", person.BaseString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PersonEncoding.QuotedJws)]
    [InlineData(PersonEncoding.UnquotedJws)]
    public async Task PersonResponseIsDecryptedAndVerifiedWhetherTheJwsIsQuotedOrNot(PersonEncoding encoding)
    {
        using var rig = new ClientRig();
        rig.Server.Encoding = encoding;

        var person = await rig.RetrieveAsync();

        Assert.Equal("TAN HENG HUAT", person.Name);
        Assert.Equal("S9812381D", person.Uinfin);
        Assert.Equal("97399245", person.SingaporeMobileNumber);
    }

    [Fact]
    public async Task PersonWhoseUinfinDiffersFromTheTokenSubjectIsRejected()
    {
        using var rig = new ClientRig();
        rig.Server.PersonPayloadFactory = _ => FakePersons.Standard(uinfin: "S9812379B", name: "SOMEONE ELSE");

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("person_rejected", failure.Code);
    }

    [Fact]
    public async Task OpaqueSubjectIsUrlEscapedAndNotComparedWithUinfin()
    {
        using var rig = new ClientRig();
        const string subject = "7c2f9a34-2f8e-4b5e-9d3a-0c1d2e3f4a5b";
        rig.Server.Persons[subject] = FakePersons.Standard();

        var person = await rig.RetrieveAsync(subject);

        Assert.Equal("S9812381D", person.Uinfin);
        Assert.Equal(ClientRig.Base + "/person/" + subject + "/", rig.Server.Received.Single(r => r.Method == HttpMethod.Get).Uri.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task SubjectFailingTheNricChecksumStillWorks()
    {
        using var rig = new ClientRig();
        rig.Server.Persons["S9812388Z"] = FakePersons.Standard(uinfin: "S9812388Z", name: "PATRICIA TAN XIAO HUI");

        var person = await rig.RetrieveAsync("S9812388Z");

        Assert.Equal("PATRICIA TAN XIAO HUI", person.Name);
    }

    public static TheoryData<string> BadPersonResponses() =>
    [
        "tampered header", "tampered encrypted key", "tampered iv", "tampered ciphertext", "tampered tag",
        "encrypted to another key", "RSA1_5", "dir", "zip", "four segments", "six segments",
        "inner JWS signed by another key", "inner JWS alg none", "not JSON inside", "JSON array inside", "oversized",
    ];

    [Theory]
    [MemberData(nameof(BadPersonResponses))]
    public async Task BadPersonResponseIsRejectedWithOneGenericError(string kind)
    {
        using var rig = new ClientRig();
        rig.Server.PersonBodyFactory = body => BreakPerson(kind, body, rig);

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("person_rejected", failure.Code);
        Assert.Equal(1, rig.Server.PersonCalls);
    }

    [Fact]
    public async Task SandboxSendsNoSignatureAndReadsPlainJson()
    {
        using var rig = new ClientRig(o => o.Mode = ServiceMode.Sandbox);
        rig.Server.RequireSignatures = false;
        rig.Server.Encoding = PersonEncoding.Plain;
        string? issued = null;
        rig.Server.TokenFactory = subject => issued = rig.Server.DefaultToken(subject);

        var person = await rig.RetrieveAsync();

        Assert.Equal("TAN HENG HUAT", person.Name);
        Assert.Null(rig.Server.Received.Single(r => r.Method == HttpMethod.Post).Authorization);
        Assert.Equal("Bearer " + issued, rig.Server.Received.Single(r => r.Method == HttpMethod.Get).Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "token_exchange_failed")]
    [InlineData(HttpStatusCode.Unauthorized, "token_exchange_failed")]
    [InlineData(HttpStatusCode.InternalServerError, "upstream_unavailable")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "upstream_unavailable")]
    [InlineData(HttpStatusCode.Found, "upstream_unavailable")]
    public async Task TokenCallErrorIsReportedAndNeverRetried(HttpStatusCode status, string code)
    {
        using var rig = new ClientRig();
        rig.Server.TokenStatus = status;

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal(code, failure.Code);
        Assert.DoesNotContain("upstream detail", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, rig.Server.TokenCalls);
        Assert.Equal(0, rig.Server.PersonCalls);
    }

    [Fact]
    public async Task SlowTokenCallTimesOutWithoutRetry()
    {
        using var rig = new ClientRig(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        rig.Server.TokenDelay = TimeSpan.FromSeconds(10);

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_timeout", failure.Code);
        Assert.Equal(1, rig.Server.TokenCalls);
    }

    [Fact]
    public async Task PersonCallIsRetriedOnceOnAGatewayErrorWithAFreshSignature()
    {
        using var rig = new ClientRig();
        rig.Server.PersonStatus = HttpStatusCode.ServiceUnavailable;
        rig.Server.PersonFailures = 1;

        var person = await rig.RetrieveAsync();

        Assert.Equal("TAN HENG HUAT", person.Name);
        var attempts = rig.Server.Received.Where(r => r.Method == HttpMethod.Get).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual(Parse(attempts[0].Authorization!).Nonce, Parse(attempts[1].Authorization!).Nonce);
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
    }

    [Fact]
    public async Task PersonCallGivesUpAfterTwoGatewayErrors()
    {
        using var rig = new ClientRig();
        rig.Server.PersonStatus = HttpStatusCode.BadGateway;

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal("upstream_unavailable", failure.Code);
        Assert.Equal(2, rig.Server.PersonCalls);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "person_not_found")]
    [InlineData(HttpStatusCode.Unauthorized, "person_request_failed")]
    [InlineData(HttpStatusCode.Forbidden, "person_request_failed")]
    public async Task PersonCallClientErrorIsReportedWithoutRetry(HttpStatusCode status, string code)
    {
        using var rig = new ClientRig();
        rig.Server.PersonStatus = status;

        var failure = await Assert.ThrowsAsync<MyInfoException>(() => rig.RetrieveAsync());

        Assert.Equal(code, failure.Code);
        Assert.Equal(1, rig.Server.PersonCalls);
    }

    private static PkiSignHeader Parse(string authorization)
    {
        Assert.True(PkiSignHeader.TryParse(authorization, out var header));
        return header!;
    }

    private static string BreakPerson(string kind, string body, ClientRig rig)
    {
        var parts = body.Split('.');
        string Flip(int index)
        {
            var copy = (string[])parts.Clone();
            var segment = copy[index].ToCharArray();
            segment[segment.Length / 2] = segment[segment.Length / 2] == 'A' ? 'B' : 'A';
            copy[index] = new string(segment);
            return string.Join('.', copy);
        }

        string Reencrypt(string plaintext, RSA to) => JweCodec.Encrypt(System.Text.Encoding.UTF8.GetBytes(plaintext), to);
        string WithHeader(string headerJson) => Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(headerJson)) + body[body.IndexOf('.', StringComparison.Ordinal)..];
        var person = FakePersons.Standard().ToJsonString();
        var other = TestKeys.Stranger;

        return kind switch
        {
            "tampered header" => WithHeader("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"x"}"""),
            "tampered encrypted key" => Flip(1),
            "tampered iv" => Flip(2),
            "tampered ciphertext" => Flip(3),
            "tampered tag" => Flip(4),
            "encrypted to another key" => Reencrypt(JwsCodec.Sign(System.Text.Encoding.UTF8.GetBytes(person), rig.Keys.MyInfoKey), other),
            "RSA1_5" => WithHeader("""{"alg":"RSA1_5","enc":"A256GCM"}"""),
            "dir" => WithHeader("""{"alg":"dir","enc":"A256GCM"}"""),
            "zip" => WithHeader("""{"alg":"RSA-OAEP","enc":"A256GCM","zip":"DEF"}"""),
            "four segments" => string.Join('.', parts[..4]),
            "six segments" => body + ".AAAA",
            "inner JWS signed by another key" => Reencrypt(JwsCodec.Sign(System.Text.Encoding.UTF8.GetBytes(person), other), rig.ClientPublicKey),
            "inner JWS alg none" => Reencrypt(TestJwt.AlgNone("""{"alg":"none"}""", person), rig.ClientPublicKey),
            "not JSON inside" => Reencrypt(JwsCodec.Sign("not json"u8, rig.Keys.MyInfoKey), rig.ClientPublicKey),
            "JSON array inside" => Reencrypt(JwsCodec.Sign(System.Text.Encoding.UTF8.GetBytes(new JsonArray(1, 2).ToJsonString()), rig.Keys.MyInfoKey), rig.ClientPublicKey),
            "oversized" => body + new string('A', JweCodec.MaxCompactLength + 2048),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
