using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Simulators.MyInfo;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>What the persona picker and consent page post.</summary>
public sealed class SingpassDecisionInput
{
    public string? Request { get; set; }

    public string? Persona { get; set; }

    public string? Decision { get; set; }
}

public sealed record SingpassPickerViewModel(string SealedRequest, string ClientId, IReadOnlyList<AttributeItem> Attributes, IReadOnlyList<PersonaSummary> Personas);

public sealed record SingpassConsentViewModel(string SealedRequest, string ClientId, string PersonaName, string MaskedId, IReadOnlyList<AttributeItem> Attributes);

public sealed record SingpassSimulatorHomeViewModel(
    string Issuer,
    SingpassFault Fault,
    IReadOnlyList<SingpassSimulatorClient> Clients,
    IReadOnlyList<SingpassRequestRecord> Requests,
    IReadOnlyList<PersonaSummary> Personas);

public sealed class SingpassFaultInput
{
    public SingpassFault Fault { get; set; }
}

/// <summary>Every route answers 404 unless <c>Simulators:Singpass:Enabled</c>; the fault switch applies to the protocol endpoints.</summary>
public sealed class SingpassSimulatorGate(IOptionsMonitor<SimulatorOptions> options) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.CurrentValue.Singpass.Enabled)
        {
            context.Result = new NotFoundResult();
        }
    }
}

/// <summary>
/// The embedded Singpass FAPI 2.0 server at <c>/sim/singpass/fapi</c>: discovery, JWKS, PAR, the browser's
/// authorization pages (persona, consent), token and userinfo; and its control page at <c>/sim/singpass</c>.
/// </summary>
[TypeFilter<SingpassSimulatorGate>]
[NoStore]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SingpassSimulatorController(
    SingpassSimulatorServer server,
    SingpassSimulatorControl control,
    SingpassSimulatorKeys keys,
    IOptions<SimulatorOptions> options,
    IOptions<SimulatorHostOptions> host,
    ILogger<SingpassSimulatorController> logger) : Controller
{
    private string Issuer => host.Value.BaseUrl.TrimEnd('/') + SimulatorPaths.SingpassIssuer;

    [HttpGet("sim/singpass")]
    [Authorize(Policy = SimulatorControlAccess.Policy)]
    public IActionResult Index() => View(new SingpassSimulatorHomeViewModel(
        Issuer,
        control.Fault,
        options.Value.Singpass.Clients,
        control.Requests.Reverse().Take(50).ToList(),
        MyInfoPersonas.All.Select(PersonaSummary.From).ToList()));

    [HttpPost("sim/singpass")]
    [Authorize(Policy = SimulatorControlAccess.Policy)]
    public IActionResult SetFault([FromForm] SingpassFaultInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid || !Enum.IsDefined(input.Fault))
        {
            return BadRequest();
        }

        control.Set(input.Fault);
        SingpassSimulatorLog.FaultChanged(logger, input.Fault);
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("sim/singpass/fapi/.well-known/openid-configuration")]
    public Task<IActionResult> Discovery() =>
        Endpoint("discovery", () => Task.FromResult<IActionResult>(Content(SingpassSimulatorServer.Discovery(Issuer), "application/json")));

    [HttpGet("sim/singpass/fapi/.well-known/keys")]
    public Task<IActionResult> Jwks() =>
        Endpoint("jwks", () => Task.FromResult<IActionResult>(Content(keys.PublicJwksJson(), "application/json")));

    [HttpPost("sim/singpass/fapi/par")]
    [IgnoreAntiforgeryToken]
    public Task<IActionResult> Par(CancellationToken cancellationToken) => Endpoint("par", async () =>
    {
        var form = await ReadFormAsync(cancellationToken);
        if (form is null)
        {
            return OAuth(new OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded"), "par");
        }

        var (json, error) = await server.PushAsync(form, DpopHeader(), new Uri(Issuer + "/par"), Issuer, cancellationToken);
        return error is not null ? OAuth(error, "par") : Recorded("par", new ContentResult { Content = json, ContentType = "application/json", StatusCode = 201 });
    });

    [HttpGet("sim/singpass/fapi/auth")]
    public Task<IActionResult> Authorize() => Endpoint("auth", () =>
    {
        NoReferrer();
        var (sealedRequest, request, error) = server.OpenAuthorization(Request.Query);
        if (error is not null)
        {
            return Task.FromResult<IActionResult>(Page(error, "auth"));
        }

        return Task.FromResult<IActionResult>(Recorded("auth", View("Personas", new SingpassPickerViewModel(
            sealedRequest!, request!.ClientId, Attributes(request.Scopes), MyInfoPersonas.All.Select(PersonaSummary.From).ToList()))));
    });

    [HttpPost("sim/singpass/fapi/auth/persona")]
    public IActionResult Persona([FromForm] SingpassDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        NoReferrer();
        var pending = server.Unseal(input.Request);
        var persona = MyInfoPersonas.Find(input.Persona);
        if (pending is null || persona is null)
        {
            return Page(new OAuthError(400, "invalid_request", pending is null
                ? "This sign-in request has expired or was altered. Go back to the service and start again."
                : "Choose one of the listed personas."), "auth");
        }

        return View("Consent", new SingpassConsentViewModel(
            server.Seal(pending with { PersonaId = persona.Id }),
            pending.Request.ClientId,
            persona.Name,
            MyInfoPortal.Web.Common.Nric.Mask(persona.Id),
            Attributes(pending.Request.Scopes)));
    }

    [HttpPost("sim/singpass/fapi/auth/consent")]
    public IActionResult Consent([FromForm] SingpassDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        NoReferrer();
        var pending = server.Unseal(input.Request);
        var target = pending?.PersonaId is null ? null : server.Decide(pending, input.Decision, Issuer);
        if (target is null)
        {
            return Page(new OAuthError(400, "invalid_request", "This sign-in request has expired or was altered, or no choice was made. Go back to the service and start again."), "auth");
        }

        Response.Headers.Location = target;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    [HttpPost("sim/singpass/fapi/token")]
    [IgnoreAntiforgeryToken]
    public Task<IActionResult> Token(CancellationToken cancellationToken) => Endpoint("token", async () =>
    {
        var form = await ReadFormAsync(cancellationToken);
        if (form is null)
        {
            return OAuth(new OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded"), "token");
        }

        var (json, error) = await server.TokenAsync(form, DpopHeader(), new Uri(Issuer + "/token"), Issuer, cancellationToken);
        return error is not null ? OAuth(error, "token") : Recorded("token", Content(json!, "application/json"));
    });

    [HttpGet("sim/singpass/fapi/userinfo")]
    public Task<IActionResult> Userinfo(CancellationToken cancellationToken) => Endpoint("userinfo", async () =>
    {
        var authorization = Request.Headers.Authorization.Count == 1 ? Request.Headers.Authorization[0] : null;
        var (jwt, error) = await server.UserinfoAsync(authorization, DpopHeader(), new Uri(Issuer + "/userinfo"), Issuer, cancellationToken);
        if (error is not null)
        {
            Response.Headers.WWWAuthenticate = $"DPoP error=\"{error.Error}\", algs=\"ES256 ES384 ES512\"";
            return OAuth(error, "userinfo");
        }

        return Recorded("userinfo", Content(jwt!, "application/jwt; charset=utf-8"));
    });

    /// <summary>Applies the standing fault to a protocol endpoint before it does any work.</summary>
    private async Task<IActionResult> Endpoint(string name, Func<Task<IActionResult>> handle)
    {
        switch (control.Fault)
        {
            case SingpassFault.Down:
                control.Record(name, 0, "connection dropped");
                HttpContext.Abort();
                return new EmptyResult();
            case SingpassFault.Slow:
                control.Record(name, 0, "slow");
                await Task.Delay(SingpassSimulatorControl.SlowDelay, HttpContext.RequestAborted);
                break;
            case SingpassFault.Error:
                return OAuth(new OAuthError(500, "server_error", "the simulator is set to fail"), name);
        }

        return await handle();
    }

    private IActionResult Recorded(string endpoint, IActionResult result)
    {
        control.Record(endpoint, result is ContentResult { StatusCode: int status } ? status : 200, null);
        return result;
    }

    private JsonResult OAuth(OAuthError error, string endpoint)
    {
        control.Record(endpoint, error.Status, error.Error);
        return new JsonResult(new { error = error.Error, error_description = error.Description }) { StatusCode = error.Status };
    }

    private ViewResult Page(OAuthError error, string endpoint)
    {
        control.Record(endpoint, error.Status, error.Error);
        Response.StatusCode = error.Status;
        return View("SimulatorError", new SimulatorErrorViewModel(error.Description));
    }

    private string? DpopHeader() => Request.Headers["DPoP"].Count == 1 ? Request.Headers["DPoP"][0] : null;

    private async Task<IFormCollection?> ReadFormAsync(CancellationToken cancellationToken)
    {
        if (!Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            var form = await Request.ReadFormAsync(cancellationToken);
            return form.Files.Count > 0 ? null : form;
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    private static IReadOnlyList<AttributeItem> Attributes(IEnumerable<string> scopes) =>
        MyInfoAttributeLabels.Items(scopes.Where(s => s != "openid"));

    // The authorization URL carries the request_uri; nothing from these pages should leak it onwards.
    private void NoReferrer() => Response.Headers["Referrer-Policy"] = "no-referrer";
}
