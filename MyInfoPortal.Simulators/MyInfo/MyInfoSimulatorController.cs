using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>The simulator's browser pages: landing page, authorise, persona picker, consent.</summary>
[TypeFilter<MyInfoSimulatorGate>]
[NoStore]
[Route("sim/myinfo")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class MyInfoSimulatorController(
    MyInfoSimulatorAuthorisation authorisation,
    IOptions<SimulatorOptions> options,
    IOptions<SimulatorHostOptions> host) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var settings = options.Value.MyInfo;
        var root = host.Value.Url(SimulatorPaths.MyInfoApi);
        return View(new SimulatorHomeViewModel(
            MyInfoPersonas.All.Select(PersonaSummary.From).ToList(),
            settings.ClientId ?? string.Empty,
            settings.RedirectUri ?? string.Empty,
            root + "/authorise",
            root + "/token",
            root + "/person/{sub}/"));
    }

    [HttpGet("v3/authorise")]
    public IActionResult Authorise()
    {
        NoReferrer();
        var started = authorisation.Start(Request.Query);
        if (!started.Succeeded)
        {
            return Failed(started.Failure);
        }

        var request = started.Value;
        return View("Personas", new PersonaPickerViewModel(
            authorisation.Seal(request),
            request.ClientId,
            request.Purpose,
            MyInfoAttributeLabels.Items(request.Attributes),
            MyInfoPersonas.All.Select(PersonaSummary.From).ToList()));
    }

    [HttpPost("v3/authorise/persona")]
    public IActionResult Persona([FromForm] PersonaInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        NoReferrer();
        var chosen = authorisation.ChoosePersona(input.Request, input.Persona);
        if (!chosen.Succeeded)
        {
            return Failed(chosen.Failure);
        }

        var request = chosen.Value;
        var persona = MyInfoPersonas.Find(request.PersonaId)!;
        return View("Consent", new ConsentViewModel(
            authorisation.Seal(request),
            request.ClientId,
            request.Purpose,
            persona.Name,
            Web.Common.Nric.Mask(persona.Id),
            MyInfoAttributeLabels.Items(request.Attributes)));
    }

    [HttpPost("v3/authorise/consent")]
    public async Task<IActionResult> Consent([FromForm] ConsentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        NoReferrer();
        var decided = await authorisation.DecideAsync(input.Request, input.Decision, cancellationToken);
        return decided.Succeeded ? Redirect(decided.Value) : Failed(decided.Failure);
    }

    private ViewResult Failed(SimulatorFailure failure)
    {
        Response.StatusCode = failure.Status;
        return View("SimulatorError", new SimulatorErrorViewModel(failure.Message));
    }

    // The authorise URL carries the client's state; nothing from these pages should leak it onwards.
    private void NoReferrer() => Response.Headers["Referrer-Policy"] = "no-referrer";
}
