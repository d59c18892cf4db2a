using Microsoft.AspNetCore.Mvc;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>The error body real Myinfo sends: <c>{"code":401,"message":"..."}</c>.</summary>
public sealed record MyInfoErrorBody(int Code, string Message);

/// <summary>The simulator's server-to-server endpoints: token and person.</summary>
[TypeFilter<MyInfoSimulatorGate>]
[NoStore]
[Route("sim/myinfo/v3")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class MyInfoSimulatorApiController : ControllerBase
{
    [HttpPost("token")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> Token([FromServices] MyInfoSimulatorTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!Request.HasFormContentType)
        {
            return Error(new SimulatorFailure(400, "Content-Type must be application/x-www-form-urlencoded"));
        }

        Microsoft.AspNetCore.Http.IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Error(new SimulatorFailure(400, "Invalid request body"));
        }

        if (form.Files.Count > 0)
        {
            return Error(new SimulatorFailure(400, "Invalid request body"));
        }

        var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();
        var result = await tokens.ExchangeAsync(Signed("POST", parameters), cancellationToken);
        return result.Succeeded ? new JsonResult(result.Value) : Error(result.Failure);
    }

    [HttpGet("person/{sub}/")]
    public async Task<IActionResult> Person(string sub, [FromServices] MyInfoSimulatorPersons persons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(persons);
        var parameters = Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))).ToList();
        var result = await persons.GetAsync(sub, Signed("GET", parameters), cancellationToken);
        return result.Succeeded ? Content(result.Value, MyInfoSimulatorPersons.ContentType) : Error(result.Failure);
    }

    private SignedRequest Signed(string method, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(method, PkiSignVerifier.RequestUrl(Request), parameters, Request.Headers.Authorization.Count == 1 ? Request.Headers.Authorization[0] : null);

    private static JsonResult Error(SimulatorFailure failure) =>
        new(new MyInfoErrorBody(failure.Status, failure.Message)) { StatusCode = failure.Status };
}
