using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Integrations.Http;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>A response read whole, under a size limit, with the headers the protocol needs.</summary>
public sealed record SingpassResponse(int Status, string? ContentType, string Body, string? DpopNonce, string? WwwAuthenticate);

/// <summary>
/// Sends one request to Singpass and hands back its answer, read whole under a size limit. The client's
/// resilience pipeline bounds each call by <c>Singpass:RequestTimeout</c>, body included, and reads the body
/// inside it (<see cref="SingpassExtensions"/>); unreachable and slow servers become
/// <see cref="MyInfoException"/>s the sign-in pages understand. Never retries: the callers decide what may be
/// sent again (a token call never is).
/// </summary>
public sealed class SingpassHttp(HttpClient http, IOptions<SingpassOptions> options, ILogger<SingpassHttp> logger)
{
    public const string HttpClientName = "Singpass";

    public const int MaxResponseBytes = 1024 * 1024;

    public async Task<SingpassResponse> SendAsync(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentLength is > MaxResponseBytes)
            {
                SingpassLog.ResponseTooLarge(logger, call);
                throw new MyInfoException(MyInfoFailure.UpstreamUnavailable, call + " response is larger than the limit");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new SingpassResponse(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                body,
                response.Headers.TryGetValues("DPoP-Nonce", out var nonces) ? nonces.FirstOrDefault() : null,
                response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null);
        }
        catch (Exception ex) when (OutboundResilience.IsTimeout(ex) && !cancellationToken.IsCancellationRequested)
        {
            SingpassLog.TimedOut(logger, call, options.Value.RequestTimeout);
            throw new MyInfoException(MyInfoFailure.UpstreamTimeout, call + " call timed out", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled by neither the caller nor the pipeline's timeout: the connection was dropped under us.
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
