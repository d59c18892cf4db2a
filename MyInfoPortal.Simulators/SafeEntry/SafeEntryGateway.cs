using System.Text.Json;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>One request as the gateway sees it.</summary>
public sealed record GatewayCall(string? ContentType, string? Authorization, string Body);

/// <summary>The gateway's answer: 201 with no body, or a status with <c>{"code":..,"message":..}</c>.</summary>
public sealed record GatewayAnswer(int StatusCode, string? Message)
{
    public static GatewayAnswer Created { get; } = new(201, null);
}

/// <summary>
/// The embedded SafeEntry gateway: checks the media type and the PKI_SIGN header (app id, timestamp skew,
/// signature over the base string with <c>jose</c>, nonce replay), decrypts the JWE, validates the payload
/// with the specification's messages and keeps a masked receipt of what it accepted.
/// </summary>
public sealed class SafeEntryGateway(
    SimulatorDbContext db,
    SimulatorNonceLedger nonces,
    SafeEntryGatewayKeys keys,
    IOptions<SimulatorOptions> simulatorOptions,
    IOptions<SimulatorHostOptions> host,
    TimeProvider time,
    ILogger<SafeEntryGateway> logger)
{
    public const string NoSecurityHeader = "No security header given";
    public const string NotPkiSign = "Authorization header must be PKI_SIGN";
    public const string MalformedHeader = "Malformed PKI_SIGN authorization header";
    public const string InvalidAppId = "Invalid App ID. Digital service is not registered with SafeEntry";
    public const string UnsupportedMethod = "Unsupported signature_method";
    public const string StaleTimestamp = "The timestamp of server is not synchronised";
    public const string ReplayedNonce = "The value of the nonce in the authorisation header was deemed to be repeated";
    public const string BadSignature = "Signature incorrect";
    public const string WrongMediaType = "Content-Type must be application/jose";

    /// <summary>Exactly this, with no charset: the gateway compares the media type as a whole.</summary>
    public const string JoseMediaType = "application/jose";

    /// <summary>The URL partners sign: the simulator's public address, not whatever Host header arrived.</summary>
    public string EntryUrl => host.Value.Url(SimulatorPaths.SafeEntryEntry);

    public async Task<GatewayAnswer> HandleAsync(GatewayCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!string.Equals(call.ContentType, JoseMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(415, WrongMediaType);
        }

        var refusal = await CheckSignatureAsync(call, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        JsonElement payload;
        try
        {
            var plaintext = JweCodec.Decrypt(call.Body, keys.DecryptionKey);
            using var document = JsonDocument.Parse(plaintext);
            payload = document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JoseException or JsonException or ArgumentException)
        {
            return Reject(SafeEntryPayloadRules.InvalidBody);
        }

        var problem = SafeEntryPayloadRules.Check(payload, out var accepted);
        if (problem is not null)
        {
            return Reject(problem);
        }

        var receipt = new GatewayReceipt
        {
            VenueId = accepted!.VenueId,
            TenantId = accepted.TenantId,
            ActionType = accepted.ActionType,
            SubType = accepted.SubType,
            SubMasked = Nric.Mask(accepted.Sub),
            MobileMasked = MobileNumber.Mask(accepted.MobileNo),
            ReceivedAt = time.GetUtcNow().UtcDateTime,
        };
        db.GatewayReceipts.Add(receipt);
        await db.SaveChangesAsync(cancellationToken);
        SafeEntrySimulatorLog.Accepted(logger, receipt.ActionType, receipt.SubMasked, receipt.VenueId);
        return GatewayAnswer.Created;
    }

    private async Task<GatewayAnswer?> CheckSignatureAsync(GatewayCall call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(call.Authorization))
        {
            return Refuse(401, NoSecurityHeader);
        }

        if (!call.Authorization.StartsWith(PkiSign.Scheme + " ", StringComparison.Ordinal))
        {
            return Refuse(401, NotPkiSign);
        }

        if (!PkiSignHeader.TryParse(call.Authorization, out var header) || header!.BearerToken is not null ||
            header.Nonce.Length is 0 or > 128)
        {
            return Refuse(401, MalformedHeader);
        }

        var o = simulatorOptions.Value.SafeEntry;
        if (!string.Equals(header.AppId, o.AppId, StringComparison.Ordinal))
        {
            return Refuse(401, InvalidAppId);
        }

        if (header.SignatureMethod != PkiSign.SignatureMethod)
        {
            return Refuse(401, UnsupportedMethod);
        }

        var skew = Math.Abs(time.GetUtcNow().ToUnixTimeMilliseconds() - header.Timestamp);
        if (skew > o.TimestampSkew.TotalMilliseconds)
        {
            return Refuse(401, StaleTimestamp);
        }

        // The request's one signed parameter: the compact JWE, named jose.
        var baseString = PkiSign.BuildBaseString("POST", EntryUrl, [new("jose", call.Body)],
            header.AppId, header.Nonce, header.Timestamp);
        if (!PkiSign.VerifyBaseString(baseString, header.Signature, keys.PartnerKey))
        {
            return Refuse(401, BadSignature);
        }

        // Recorded only once the signature holds, so unauthenticated noise cannot fill the table.
        if (!await nonces.TryRecordAsync(SimulatorNonceLedger.SafeEntry, header.Nonce, cancellationToken))
        {
            return Refuse(401, ReplayedNonce);
        }

        return null;
    }

    private GatewayAnswer Refuse(int status, string reason)
    {
        SafeEntrySimulatorLog.Refused(logger, status, reason);
        return new GatewayAnswer(status, reason);
    }

    private GatewayAnswer Reject(string message)
    {
        SafeEntrySimulatorLog.PayloadRejected(logger, message);
        return new GatewayAnswer(400, message);
    }
}
