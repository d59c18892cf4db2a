using System.Text;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// One attempt at the SafeEntry entry endpoint. Every call signs afresh: a new nonce (recorded before the
/// request leaves, so it can never be reused) and a new timestamp. The caller decides about retries.
/// </summary>
public sealed class SafeEntryClient(
    HttpClient http,
    IOptions<SafeEntryOptions> options,
    SafeEntryKeys keys,
    PkiSigner signer,
    NonceLedger nonces,
    TimeProvider time,
    ILogger<SafeEntryClient> logger)
{
    private const int MaxResponseBytes = 16 * 1024;

    public async Task<SafeEntryOutcome> SendAsync(SafeEntryPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var o = options.Value;
        var url = o.EntryUrl!;
        using var request = o.Mode.IsSigned()
            ? await CreateSignedAsync(url, payload, o.AppId!, cancellationToken)
            : SafeEntryRequests.CreateSandbox(url, payload.ToJsonBytes());
        SafeEntryLog.Sending(logger, request.Method.Method, url, o.Mode.ToString());

        // Our own deadline rather than HttpClient.Timeout alone: whichever way the handler reports the
        // abandoned call (cancellation, reset), a call that ran out of time is classified as a timeout.
        using var deadline = new CancellationTokenSource(o.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadBodyAsync(response, linked.Token);
            var outcome = SafeEntryOutcomes.Classify((int)response.StatusCode, body);
            SafeEntryLog.GatewayAnswered(logger, (int)response.StatusCode, outcome.Kind);
            return outcome;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            if (deadline.IsCancellationRequested || ex is TaskCanceledException { InnerException: TimeoutException })
            {
                SafeEntryLog.GatewayUnreachable(logger, "timeout");
                return SafeEntryOutcome.Timeout;
            }

            SafeEntryLog.GatewayUnreachable(logger, ex is HttpRequestException http ? http.HttpRequestError.ToString() : "connection aborted");
            return SafeEntryOutcome.ConnectionFailed;
        }
    }

    private async Task<HttpRequestMessage> CreateSignedAsync(string url, SafeEntryPayload payload, string appId, CancellationToken cancellationToken)
    {
        var jwe = JweCodec.Encrypt(payload.ToJsonBytes(), keys.GatewayPublicKey);
        for (var i = 0; ; i++)
        {
            var (signature, _) = signer.Sign("POST", url, SafeEntryRequests.SignedParameters(jwe), appId, keys.SigningKey);
            if (await nonces.TryRecordAsync(NonceLedger.SafeEntryOutbound, signature.Nonce, cancellationToken))
            {
                return SafeEntryRequests.CreateSigned(url, jwe, signature);
            }

            // 128 random bits colliding means the random source is broken: refuse rather than loop.
            if (i >= 2)
            {
                throw new InvalidOperationException("Could not draw an unused nonce.");
            }
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total == 0 ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
