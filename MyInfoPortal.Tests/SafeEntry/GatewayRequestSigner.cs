using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>
/// Builds requests for the embedded gateway simulator as a partner would, with knobs to get each part
/// wrong: key, app id, nonce, timestamp, media type, or a body other than the one signed.
/// </summary>
internal sealed class GatewayRequestSigner
{
    public const string EntryPath = "/sim/safeentry/partner/v1/entry";
    public const string EntryUrl = "http://localhost" + EntryPath;
    public const string AppId = "MYINFOPORTAL-SIM";

    private readonly SafeEntryFactory _factory;

    public GatewayRequestSigner(SafeEntryFactory factory)
    {
        _factory = factory;
        _ = factory.Services; // builds the host, which generates the development keys
        PartnerKey = KeyLoader.LoadPrivateKey(factory.CertificatePath("portal.key.pem"));
        using var certificate = KeyLoader.LoadCertificate(factory.CertificatePath("safeentry-simulator.crt.pem"));
        GatewayKey = KeyLoader.PublicKeyOf(certificate);
    }

    public RSA PartnerKey { get; }

    public RSA GatewayKey { get; }

    public string Encrypt(string json) => JweCodec.Encrypt(Encoding.UTF8.GetBytes(json), GatewayKey);

    public HttpRequestMessage Create(
        string jwe, string? nonce = null, long? timestamp = null, RSA? signingKey = null, string appId = AppId,
        string contentType = "application/jose", string? signedJwe = null)
    {
        nonce ??= PkiSign.NewNonce();
        var ts = timestamp ?? _factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var baseString = PkiSign.BuildBaseString("POST", EntryUrl, [new("jose", signedJwe ?? jwe)], appId, nonce, ts);
        var signature = new PkiSignature(appId, nonce, ts, PkiSign.SignBaseString(baseString, signingKey ?? PartnerKey));
        return Create(jwe, signature.ToSafeEntryHeader(), contentType);
    }

    public static HttpRequestMessage Create(string body, string? authorization, string contentType = "application/jose")
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(EntryPath, UriKind.Relative)) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }
}
