using System.Net.Http.Headers;
using System.Text;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>How one request to the SafeEntry entry endpoint looks on the wire.</summary>
public static class SafeEntryRequests
{
    /// <summary>Exactly this, with no charset: the gateway compares the media type as a whole.</summary>
    public const string JoseMediaType = "application/jose";

    public const string JsonMediaType = "application/json";

    /// <summary>The request's own parameter in the PKI_SIGN base string: the compact JWE, named <c>jose</c>.</summary>
    public static KeyValuePair<string, string>[] SignedParameters(string jwe) => [new("jose", jwe)];

    /// <summary>
    /// Test/Production: the JWE as the raw body, <c>Content-Type: application/jose</c>, and
    /// <c>Authorization: PKI_SIGN app_id=..,nonce=..,signature_method=..,signature=..,timestamp=..</c>.
    /// </summary>
    public static HttpRequestMessage CreateSigned(string entryUrl, string jwe, PkiSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var request = CreateEncrypted(entryUrl, jwe);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ToSafeEntryHeader());
        return request;
    }

    /// <summary>Test/Production before signing: the JWE as the raw body; <see cref="SafeEntryRequestSigner"/> adds the header.</summary>
    public static HttpRequestMessage CreateEncrypted(string entryUrl, string jwe)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(jwe));
        content.Headers.ContentType = new MediaTypeHeaderValue(JoseMediaType);
        return new HttpRequestMessage(HttpMethod.Post, new Uri(entryUrl, UriKind.Absolute)) { Content = content };
    }

    /// <summary>Sandbox: plain JSON, no signature.</summary>
    public static HttpRequestMessage CreateSandbox(string entryUrl, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        return new HttpRequestMessage(HttpMethod.Post, new Uri(entryUrl, UriKind.Absolute)) { Content = content };
    }
}
