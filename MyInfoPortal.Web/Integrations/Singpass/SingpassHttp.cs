using System.Text;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>A response read whole, under a size limit, with the headers the protocol needs.</summary>
public sealed record SingpassResponse(int Status, string? ContentType, string Body, string? DpopNonce, string? WwwAuthenticate);

/// <summary>
/// Sends one request to Singpass under <c>Singpass:RequestTimeout</c> and reads the answer under a size
/// limit; unreachable and slow servers become <see cref="MyInfoException"/>s the sign-in pages understand.
/// Never retries: the callers decide what may be sent again (a token call never is).
/// </summary>
public sealed class SingpassHttp(HttpClient http, IOptions<SingpassOptions> options, ILogger<SingpassHttp> logger)
{
    public const string HttpClientName = "Singpass";

    public const int MaxResponseBytes = 1024 * 1024;

    public async Task<SingpassResponse> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timeout = options.Value.RequestTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            if (response.Content.Headers.ContentLength is long declared && declared > MaxResponseBytes)
            {
                SingpassLog.ResponseTooLarge(logger, call);
                throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response is larger than the limit");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeoutSource.Token)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    SingpassLog.ResponseTooLarge(logger, call);
                    throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response is larger than the limit");
                }

                buffer.Write(chunk, 0, read);
            }

            var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return new SingpassResponse(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                body,
                response.Headers.TryGetValues("DPoP-Nonce", out var nonces) ? nonces.FirstOrDefault() : null,
                response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException &&
            (timeoutSource.IsCancellationRequested || ex.InnerException is TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            // Our timer (or HttpClient's backstop) fired: a timeout, whichever exception the transport reports it with.
            SingpassLog.TimedOut(logger, call, timeout);
            throw new MyInfoException(MyInfoFailure.UpstreamTimeout, call + " call timed out", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled by neither the caller nor our timer: the connection was dropped under us.
            SingpassLog.Unreachable(logger, call, "Canceled");
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " call was dropped", ex);
        }
        catch (HttpRequestException ex)
        {
            SingpassLog.Unreachable(logger, call, ex.HttpRequestError.ToString());
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " call could not reach the server", ex);
        }
        catch (IOException ex)
        {
            SingpassLog.Unreachable(logger, call, nameof(IOException));
            throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response was cut off", ex);
        }
    }
}
