using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyInfoPortal.Simulators.Data;
using MyInfoPortal.Simulators.Hosting;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Simulators.SafeEntry;

/// <summary>
/// <c>/sim/safeentry</c>: the simulated gateway's own page. Shows what it received (masked) and switches
/// its fault mode, under the host's <see cref="SimulatorControlAccess.Policy"/>; the switch is a POST with
/// antiforgery. The gateway endpoint itself (<see cref="SafeEntryGatewayController"/>) stays open.
/// </summary>
[NoStore]
[Authorize(Policy = SimulatorControlAccess.Policy)]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SafeEntrySimulatorController(
    IOptions<SimulatorOptions> options,
    SafeEntryGatewayControl control,
    SimulatorDbContext db,
    ILogger<SafeEntrySimulatorController> logger) : Controller
{
    public const string PagePath = "/sim/safeentry";
    private const int ShownReceipts = 50;
    private const int ShownRequests = 20;

    [HttpGet(PagePath)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        if (!options.Value.SafeEntry.Enabled)
        {
            return NotFound();
        }

        var receipts = await db.GatewayReceipts.AsNoTracking()
            .OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
            .Take(ShownReceipts)
            .Select(r => new ReceivedEntryRow(r.ReceivedAt, r.VenueId, r.TenantId, r.ActionType, r.SubType, r.SubMasked, r.MobileMasked))
            .ToListAsync(cancellationToken);
        var total = await db.GatewayReceipts.CountAsync(cancellationToken);
        var requests = control.Requests.Reverse().Take(ShownRequests).ToList();
        return View(new SafeEntrySimulatorViewModel(control.Fault, control.ScriptedCount, total, receipts, requests, SimulatedVenues.All));
    }

    [HttpPost(PagePath)]
    [ValidateAntiForgeryToken]
    public IActionResult SetFault([FromForm] FaultInput input)
    {
        if (!options.Value.SafeEntry.Enabled)
        {
            return NotFound();
        }

        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid || !Enum.IsDefined(input.Fault))
        {
            return BadRequest();
        }

        control.Fault = input.Fault;
        SafeEntrySimulatorLog.FaultChanged(logger, input.Fault);
        return RedirectToAction(nameof(Index));
    }
}

public sealed class FaultInput
{
    public GatewayFault Fault { get; set; }
}

public sealed record ReceivedEntryRow(DateTime ReceivedAt, string VenueId, string? TenantId, string ActionType, string SubType, string SubMasked, string MobileMasked);

public sealed record SafeEntrySimulatorViewModel(
    GatewayFault Fault,
    int ScriptedFaults,
    int TotalReceived,
    IReadOnlyList<ReceivedEntryRow> Received,
    IReadOnlyList<GatewayRequestRecord> Requests,
    IReadOnlyList<SimulatedVenue> Venues)
{
    public static string Describe(GatewayFault fault) => fault switch
    {
        GatewayFault.None => "Working: verifies, decrypts and answers normally",
        GatewayFault.Down => "Down: drops every connection",
        GatewayFault.Slow => "Slow: answers after 60 seconds, beyond the client's timeout",
        GatewayFault.Error => "Error: answers HTTP 500 to everything",
        _ => fault.ToString(),
    };
}
