using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Signs each attempt at the entry endpoint as it leaves: a new nonce (recorded in the nonce ledger before
/// the request goes, so it can never be used twice) and a new timestamp, over the body actually sent (the
/// compact JWE, as the <c>jose</c> parameter). Sandbox: nothing to sign. The client's pipeline never repeats
/// a call, so this handler sits ahead of its timeout (see <see cref="SafeEntryExtensions"/>).
/// </summary>
public sealed class SafeEntryRequestSigner(
    IOptions<SafeEntryOptions> options,
    SafeEntryKeys keys,
    PkiSigner signer,
    IServiceScopeFactory scopes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Mode.IsSigned())
        {
            var jwe = await request.Content!.ReadAsStringAsync(cancellationToken);
            var signature = await SignWithUnusedNonceAsync(request.RequestUri!.GetLeftPart(UriPartial.Path), jwe, o.AppId!, cancellationToken);
            request.Headers.Authorization = null;
            request.Headers.TryAddWithoutValidation("Authorization", signature.ToSafeEntryHeader());
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<PkiSignature> SignWithUnusedNonceAsync(string url, string jwe, string appId, CancellationToken cancellationToken)
    {
        // The handler outlives any one request, so the ledger (and its DbContext) comes from a scope of its own.
        await using var scope = scopes.CreateAsyncScope();
        var nonces = scope.ServiceProvider.GetRequiredService<NonceLedger>();
        for (var i = 0; ; i++)
        {
            var (signature, _) = signer.Sign("POST", url, SafeEntryRequests.SignedParameters(jwe), appId, keys.SigningKey);
            if (await nonces.TryRecordAsync(NonceLedger.SafeEntryOutbound, signature.Nonce, cancellationToken))
            {
                return signature;
            }

            // 128 random bits colliding means the random source is broken: refuse rather than loop.
            if (i >= 2)
            {
                throw new InvalidOperationException("Could not draw an unused nonce.");
            }
        }
    }
}
