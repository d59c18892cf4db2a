using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// <c>GET /person/{sub}/</c>: PKI_SIGN plus the bearer token, sub and client matching the token, the
/// requested attributes a subset of the consented ones; the answer is a JWE (RSA-OAEP, A256GCM) to the
/// client's certificate around a JSON-quoted RS256 JWS of the person, as real Myinfo sent it.
/// </summary>
public sealed class MyInfoSimulatorPersons(
    PkiSignVerifier verifier,
    MyInfoSimulatorTokens tokens,
    MyInfoSimulatorKeys keys,
    IOptions<SimulatorOptions> options,
    ILogger<MyInfoSimulatorPersons> logger)
{
    public const string ContentType = "application/jose";

    // Real UTF-8 in the payload (not \u escapes), so clients are tested on accented names.
    private static readonly JsonSerializerOptions PayloadJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<SimulatorResult<string>> GetAsync(string subject, SignedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await GetCoreAsync(subject, request, cancellationToken);
        if (!result.Succeeded)
        {
            logger.PersonRefused(result.Failure.Status, result.Failure.Message);
        }

        return result;
    }

    private async Task<SimulatorResult<string>> GetCoreAsync(string subject, SignedRequest request, CancellationToken cancellationToken)
    {
        if (request.Parameters.GroupBy(p => p.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            return SimulatorResult.Fail<string>(400, "Invalid request: a parameter appears more than once");
        }

        var verified = await verifier.VerifyAsync(request, requireBearer: true, cancellationToken);
        if (!verified.Succeeded)
        {
            return SimulatorResult.Fail<string>(verified.Failure);
        }

        var token = tokens.VerifyAccessToken(verified.Value.BearerToken);
        if (!token.Succeeded)
        {
            return SimulatorResult.Fail<string>(token.Failure);
        }

        var query = request.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var clientId = query.GetValueOrDefault("client_id");
        if (!string.Equals(clientId, options.Value.MyInfo.ClientId, StringComparison.Ordinal) ||
            !string.Equals(clientId, token.Value.Audience, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<string>(401, "Invalid client_id");
        }

        if (!string.Equals(subject, token.Value.Subject, StringComparison.Ordinal))
        {
            return SimulatorResult.Fail<string>(401, "UIN requested does not match logged in user");
        }

        if (!AuthoriseParameters.TryParseAttributes(query.GetValueOrDefault("attributes"), out var attributes))
        {
            return SimulatorResult.Fail<string>(400, "Missing or invalid attributes");
        }

        var notConsented = attributes.Where(a => !token.Value.Scope.Contains(a, StringComparer.Ordinal)).ToList();
        if (notConsented.Count > 0)
        {
            return SimulatorResult.Fail<string>(403, "Requested attributes are not consented: " + string.Join(',', notConsented));
        }

        var persona = MyInfoPersonas.Find(subject);
        if (persona is null)
        {
            return SimulatorResult.Fail<string>(404, "UIN/FIN does not exist in MyInfo.");
        }

        var payload = Encoding.UTF8.GetBytes(persona.Select(attributes).ToJsonString(PayloadJson));
        var jws = JwsCodec.Sign(payload, keys.SigningKey);
        var quoted = JsonSerializer.Serialize(jws);
        var jwe = JweCodec.Encrypt(Encoding.UTF8.GetBytes(quoted), keys.ClientPublicKey);
        logger.PersonServed(Nric.Mask(persona.Id), attributes.Count);
        return SimulatorResult.Ok(jwe);
    }
}
