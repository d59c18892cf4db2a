using System.Globalization;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>What arrived: enough to rebuild the base string the client signed.</summary>
public sealed record SignedRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string? Authorization);

/// <summary>
/// Checks a PKI_SIGN request as the Myinfo gateway does: scheme and method, app_id, timestamp within the
/// allowed skew, the RS256 signature over the rebuilt base string against the client's certificate, and
/// finally that the nonce was never seen (recorded under a unique index, so two racing replays cannot
/// both pass). The nonce is only recorded once the signature is good, so nobody can burn a client's nonces.
/// </summary>
public sealed class PkiSignVerifier(
    SimulatorNonceLedger nonces,
    MyInfoSimulatorKeys keys,
    IOptions<SimulatorOptions> options,
    TimeProvider time,
    ILogger<PkiSignVerifier> logger)
{
    private const int MaxNonceLength = 128;

    public async Task<SimulatorResult<PkiSignHeader>> VerifyAsync(SignedRequest request, bool requireBearer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value.MyInfo;

        if (!PkiSignHeader.TryParse(request.Authorization, out var header) || header is null)
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Missing or malformed PKI_SIGN authorization header");
        }

        if (requireBearer && string.IsNullOrEmpty(header.BearerToken))
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Missing bearer token");
        }

        if (!requireBearer && header.BearerToken is not null)
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Unexpected bearer token");
        }

        if (!string.Equals(header.SignatureMethod, PkiSign.SignatureMethod, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Unsupported signature_method");
        }

        if (!string.Equals(header.AppId, settings.ClientId, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Invalid app_id");
        }

        if (header.Nonce.Length is 0 or > MaxNonceLength || !header.Nonce.All(c => c is > ' ' and < '\u007f'))
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Invalid nonce");
        }

        var now = time.GetUtcNow();
        var skew = Math.Abs(now.ToUnixTimeMilliseconds() - header.Timestamp);
        if (skew > settings.TimestampSkew.TotalMilliseconds)
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Timestamp out of sync");
        }

        string baseString;
        try
        {
            baseString = PkiSign.BuildBaseString(request.Method, request.Url, request.Parameters, header.AppId, header.Nonce, header.Timestamp);
        }
        catch (ArgumentException)
        {
            // A repeated parameter, or one that collides with app_id/nonce/signature_method/timestamp.
            return SimulatorResult.Fail<PkiSignHeader>(401, "Invalid signature");
        }

        if (!PkiSign.VerifyBaseString(baseString, header.Signature, keys.ClientPublicKey))
        {
            return SimulatorResult.Fail<PkiSignHeader>(401, "Invalid signature");
        }

        // Old nonces are purged by the simulators' housekeeping, off the request path: a nonce older than
        // twice the skew can never come back with an acceptable timestamp.
        if (!await nonces.TryRecordAsync(SimulatorNonceLedger.MyInfo, header.Nonce, cancellationToken))
        {
            logger.NonceReplayed();
            return SimulatorResult.Fail<PkiSignHeader>(401, "Nonce has already been used");
        }

        return SimulatorResult.Ok(header);
    }

    /// <summary>The URL as the client addressed it: scheme://host[:port]/path, no query string.</summary>
    public static string RequestUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        string path;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            path = query >= 0 ? raw[..query] : raw;
        }
        else
        {
            path = (request.PathBase + request.Path).ToUriComponent();
        }

        return string.Create(CultureInfo.InvariantCulture, $"{request.Scheme}://{request.Host.ToUriComponent()}{path}");
    }
}
