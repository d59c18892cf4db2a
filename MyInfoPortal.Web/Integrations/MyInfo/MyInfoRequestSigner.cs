using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// Sets the Authorization header of a Myinfo call on every attempt it makes: placed inside the resilience
/// handler, so a retried person call carries a new nonce and timestamp. The client names what is signed
/// (the same dictionary its form body or query string was made from) and the bearer token, if any.
/// Sandbox: no signature, only the bearer token.
/// </summary>
public sealed class MyInfoRequestSigner(IOptions<MyInfoOptions> options, MyInfoKeys keys, PkiSigner signer) : DelegatingHandler
{
    /// <summary>The request's own parameters, exactly as sent in its body or query string.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyDictionary<string, string>> SignedParameters = new("MyInfo.SignedParameters");

    /// <summary>The access token for the person call.</summary>
    public static readonly HttpRequestOptionsKey<string> BearerToken = new("MyInfo.BearerToken");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        request.Options.TryGetValue(BearerToken, out var bearer);
        string? authorization = bearer is null ? null : "Bearer " + bearer;
        if (o.Mode.IsSigned())
        {
            if (!request.Options.TryGetValue(SignedParameters, out var parameters))
            {
                throw new InvalidOperationException("A signed Myinfo call must name the parameters it signs.");
            }

            // The URL as the request carries it (scheme://host[:port]/path), which is what Myinfo verifies.
            var (signature, _) = signer.Sign(request.Method.Method, request.RequestUri!.GetLeftPart(UriPartial.Path), parameters, o.EffectiveAppId, keys.ClientPrivateKey);
            authorization = signature.ToMyInfoHeader() + (bearer is null ? string.Empty : ",Bearer " + bearer);
        }

        // A retry sends the same message again: whatever the last attempt carried is replaced.
        request.Headers.Authorization = null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
