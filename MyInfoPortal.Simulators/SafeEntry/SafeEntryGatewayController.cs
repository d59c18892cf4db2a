using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>
/// <c>POST /sim/safeentry/partner/v1/entry</c>: the simulated gateway's only endpoint. A server-to-server
/// call, so no antiforgery token; it is authenticated by its PKI_SIGN signature instead.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SafeEntryGatewayController(
    IOptions<SimulatorOptions> options,
    SafeEntryGatewayControl control,
    TimeProvider time,
    ILogger<SafeEntryGatewayController> logger) : ControllerBase
{
    private const int MaxBodyBytes = 64 * 1024;

    [HttpPost(SimulatorPaths.SafeEntryEntry)]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Entry([FromServices] IServiceProvider services)
    {
        if (!options.Value.SafeEntry.Enabled)
        {
            return NotFound();
        }

        var aborted = HttpContext.RequestAborted;
        var body = await ReadBodyAsync(aborted);
        var header = PkiSignHeader.TryParse(Request.Headers.Authorization.ToString(), out var parsed) ? parsed : null;
        var receivedAt = time.GetUtcNow().UtcDateTime;
        void Record(int status, string outcome) =>
            control.Record(new GatewayRequestRecord(receivedAt, header?.Nonce, header?.Timestamp, status, outcome));

        var fault = control.TakeFault();
        if (fault is not null)
        {
            SafeEntrySimulatorLog.FaultInjected(logger, fault.Fault.ToString());
            switch (fault.Fault)
            {
                case GatewayFault.Down:
                    Record(0, "connection dropped");
                    HttpContext.Abort();
                    return new EmptyResult();
                case GatewayFault.Error:
                    Record(fault.StatusCode, fault.Message);
                    return Answer(new GatewayAnswer(fault.StatusCode, fault.Message));
                case GatewayFault.Slow:
                    try
                    {
                        await Task.Delay(SafeEntryGatewayControl.SlowDelay, time, aborted);
                    }
                    catch (OperationCanceledException)
                    {
                        Record(0, "caller gave up while the gateway was slow");
                        return new EmptyResult();
                    }

                    break;
            }
        }

        if (body is null)
        {
            Record(413, "body too large");
            return Answer(new GatewayAnswer(413, "Request body too large"));
        }

        // Resolved here, not in the constructor: the keys load only when a request is really handled.
        var gateway = services.GetRequiredService<SafeEntryGateway>();
        var answer = await gateway.HandleAsync(new GatewayCall(Request.ContentType, Request.Headers.Authorization.ToString(), body), aborted);
        Record(answer.StatusCode, answer.Message ?? "created");
        return Answer(answer);
    }

    private IActionResult Answer(GatewayAnswer answer) => answer.StatusCode == 201
        ? StatusCode(201)
        : new JsonResult(new { code = answer.StatusCode, message = answer.Message }) { StatusCode = answer.StatusCode };

    /// <summary>The raw body (a compact JWE is ASCII), or null when it exceeds the limit.</summary>
    private async Task<string?> ReadBodyAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            // Kestrel's own body limit ([RequestSizeLimit]) was reached.
            return null;
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
