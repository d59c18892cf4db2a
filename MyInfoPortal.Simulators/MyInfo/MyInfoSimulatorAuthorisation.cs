using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// The browser half of the simulator: checks an authorise request, carries it through the persona
/// picker and the consent page, and on consent issues a single-use code bound to the client, the
/// redirect_uri, the persona and the consented attributes.
/// </summary>
public sealed class MyInfoSimulatorAuthorisation(
    SimulatorDbContext db,
    IOptions<SimulatorOptions> options,
    AuthoriseRequestProtector protector,
    TimeProvider time,
    ILogger<MyInfoSimulatorAuthorisation> logger)
{
    public const string Allow = "allow";
    public const string Deny = "deny";

    /// <summary>
    /// Validates the query of <c>GET /authorise</c>. Any failure is shown on the simulator's own error
    /// page: with an unverified client or redirect_uri there is nowhere safe to send the browser.
    /// </summary>
    public SimulatorResult<AuthoriseRequest> Start(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        var settings = options.Value.MyInfo;
        var parameters = AuthoriseParameters.OnePerName(query, out var repeated);
        if (parameters is null)
        {
            return Refuse("A parameter appears more than once in the request.", repeated ?? "repeated parameter");
        }

        var clientId = parameters.GetValueOrDefault("client_id");
        if (string.IsNullOrEmpty(clientId) || !string.Equals(clientId, settings.ClientId, StringComparison.Ordinal))
        {
            return Refuse("The client_id is missing or is not registered with this simulator.", "unknown client_id");
        }

        var redirectUri = parameters.GetValueOrDefault("redirect_uri");
        if (string.IsNullOrEmpty(redirectUri) || !string.Equals(redirectUri, settings.RedirectUri, StringComparison.Ordinal))
        {
            return Refuse("The redirect_uri is missing or does not match the one registered for this client.", "redirect_uri mismatch");
        }

        if (!AuthoriseParameters.TryParseAttributes(parameters.GetValueOrDefault("attributes"), out var attributes))
        {
            return Refuse("The attributes parameter is missing or is not a comma-separated list of attribute names.", "bad attributes");
        }

        var purpose = parameters.GetValueOrDefault("purpose");
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Length > AuthoriseParameters.MaxPurpose)
        {
            return Refuse("The purpose parameter is missing or too long.", "bad purpose");
        }

        var state = parameters.GetValueOrDefault("state");
        if (string.IsNullOrEmpty(state) || state.Length > AuthoriseParameters.MaxState)
        {
            return Refuse("The state parameter is missing or too long.", "bad state");
        }

        var spEsvcId = parameters.GetValueOrDefault("sp_esvcId");
        if (spEsvcId is { Length: > 200 })
        {
            return Refuse("The sp_esvcId parameter is too long.", "bad sp_esvcId");
        }

        return SimulatorResult.Ok(new AuthoriseRequest(
            clientId, redirectUri, attributes, purpose, state, spEsvcId, time.GetUtcNow().ToUnixTimeSeconds()));
    }

    public string Seal(AuthoriseRequest request) => protector.Protect(request);

    /// <summary>The picker's choice, checked against the sealed request it came with.</summary>
    public SimulatorResult<AuthoriseRequest> ChoosePersona(string? sealedRequest, string? personaId)
    {
        var request = protector.Unprotect(sealedRequest);
        if (request is null)
        {
            return Expired();
        }

        var persona = MyInfoPersonas.Find(personaId);
        if (persona is null)
        {
            return Refuse("Choose one of the listed personas.", "unknown persona");
        }

        logger.PersonaChosen(Nric.Mask(persona.Id), request.Attributes.Count);
        return SimulatorResult.Ok(request with { PersonaId = persona.Id });
    }

    /// <summary>Opens the sealed request behind the consent page; it must already name a persona.</summary>
    public SimulatorResult<AuthoriseRequest> OpenConsent(string? sealedRequest)
    {
        var request = protector.Unprotect(sealedRequest);
        return request?.PersonaId is null || MyInfoPersonas.Find(request.PersonaId) is null
            ? Expired()
            : SimulatorResult.Ok(request);
    }

    /// <summary>
    /// Allow: a fresh code (only its hash is stored) and the callback URL with code and state.
    /// Deny: the callback URL with <c>error=access_denied</c>. Anything else is refused.
    /// </summary>
    public async Task<SimulatorResult<string>> DecideAsync(string? sealedRequest, string? decision, CancellationToken cancellationToken)
    {
        var opened = OpenConsent(sealedRequest);
        if (!opened.Succeeded)
        {
            return SimulatorResult.Fail<string>(opened.Failure);
        }

        var request = opened.Value;
        var persona = Nric.Mask(request.PersonaId);
        if (string.Equals(decision, Deny, StringComparison.Ordinal))
        {
            logger.ConsentDenied(persona);
            return SimulatorResult.Ok(QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?>
            {
                ["state"] = request.State,
                ["error"] = "access_denied",
                ["error-description"] = "Resource Owner did not authorize the request",
            }));
        }

        if (!string.Equals(decision, Allow, StringComparison.Ordinal))
        {
            logger.AuthoriseRefused("unknown decision");
            return SimulatorResult.Fail<string>(400, "Choose whether to allow or deny the request.");
        }

        var settings = options.Value.MyInfo;
        var now = time.GetUtcNow().UtcDateTime;
        var code = Hashing.NewSecret();

        // Expired codes are kept a while so a late exchange gets "expired" rather than "invalid"; the
        // simulators' housekeeping removes them (Simulators:MyInfo:CodeRetention).
        db.SimulatorAuthCodes.Add(new SimulatorAuthCode
        {
            CodeHash = Hashing.Sha256Hex(code),
            PersonaId = request.PersonaId!,
            Attributes = string.Join(',', request.Attributes),
            ClientId = request.ClientId,
            RedirectUri = request.RedirectUri,
            CreatedAt = now,
            ExpiresAt = now + settings.CodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.ConsentGiven(persona, settings.CodeLifetime);

        return SimulatorResult.Ok(QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = request.State,
        }));
    }

    private SimulatorResult<AuthoriseRequest> Refuse(string message, string reason)
    {
        logger.AuthoriseRefused(reason);
        return SimulatorResult.Fail<AuthoriseRequest>(400, message);
    }

    private SimulatorResult<AuthoriseRequest> Expired() =>
        Refuse("This sign-in request has expired or was altered. Go back to the service and start again.", "sealed request expired or altered");
}
