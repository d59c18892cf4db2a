using System.Text;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.Http;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// One attempt at the SafeEntry entry endpoint: the payload encrypted afresh, signed as it leaves by
/// <see cref="SafeEntryRequestSigner"/>, the wait for the gateway bounded by the HttpClient's timeout (see
/// <see cref="SafeEntryExtensions"/>). Never retried here: a POST that may have reached the gateway is
/// repeated only by the outbox, whose dispatcher decides about retries.
/// </summary>
public sealed class SafeEntryClient(
    HttpClient http,
    IOptions<SafeEntryOptions> options,
    SafeEntryKeys keys,
    ILogger<SafeEntryClient> logger)
{
    public const int MaxResponseBytes = 16 * 1024;

    public async Task<SafeEntryOutcome> SendAsync(SafeEntryPayload payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var o = options.Value;
        var url = o.EntryUrl!;
        using var request = o.Mode.IsSigned()
            ? SafeEntryRequests.CreateEncrypted(url, JweCodec.Encrypt(payload.ToJsonBytes(), keys.GatewayPublicKey))
            : SafeEntryRequests.CreateSandbox(url, payload.ToJsonBytes());
        request.Options.Set(ResponseBufferingHandler.Limit, MaxResponseBytes);
        SafeEntryLog.Sending(logger, request.Method.Method, url, o.Mode.ToString());

        try
        {
            // The pipeline reads the body within the same timeout, so the answer is in memory here.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = await ReadBodyAsync(response, cancellationToken);
            var outcome = SafeEntryOutcomes.Classify((int)response.StatusCode, body);
            SafeEntryLog.GatewayAnswered(logger, (int)response.StatusCode, outcome.Kind);
            return outcome;
        }
        catch (Exception ex) when ((OutboundResilience.IsTimeout(ex) || ex is OperationCanceledException or HttpRequestException or IOException) &&
                                   !cancellationToken.IsCancellationRequested)
        {
            if (OutboundResilience.IsTimeout(ex))
            {
                SafeEntryLog.GatewayUnreachable(logger, "timeout");
                return SafeEntryOutcome.Timeout;
            }

            SafeEntryLog.GatewayUnreachable(logger, ex is HttpRequestException failure ? failure.HttpRequestError.ToString() : "connection aborted");
            return NeverSent(ex) ? SafeEntryOutcome.ConnectionFailed : SafeEntryOutcome.ConnectionLost;
        }
    }

    /// <summary>
    /// Failures that happen before a connection exists, so the request cannot have reached the gateway. Anything
    /// else (the answer ended early, a reset, an unknown error) may have come after the request was written.
    /// </summary>
    private static bool NeverSent(Exception ex) =>
        ex is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
        };

    /// <summary>The first <see cref="MaxResponseBytes"/> of the answer; the gateway's messages are short.</summary>
    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var length = Math.Min(bytes.Length, MaxResponseBytes);
        return length == 0 ? null : Encoding.UTF8.GetString(bytes, 0, length);
    }
}
