using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.SafeEntry;

namespace MyInfoPortal.Web.Features.Kiosk;

public sealed record SetupInput
{
    /// <summary>A saved venue's id, or <c>new</c> to use <see cref="NewVenue"/>.</summary>
    public string? Venue { get; init; }

    /// <summary>QR URL or bare venueId of a venue not saved yet.</summary>
    public string? NewVenue { get; init; }

    public string? NewVenueName { get; init; }

    public string? TenantId { get; init; }

    public string? DefaultAction { get; init; }
}

public sealed record SimulatedSetupInput
{
    public string? VenueId { get; init; }

    public string? TenantId { get; init; }
}

public sealed record VenueInput
{
    public string? Venue { get; init; }

    public string? Name { get; init; }

    public string? TenantId { get; init; }
}

public sealed record SetupViewModel(
    KioskDevice? Current,
    string? CurrentVenueName,
    IReadOnlyList<Venue> Venues,
    IReadOnlyList<SuggestedVenue> SimulatedVenues,
    SetupInput Input,
    string? Notice);

public sealed record VenuesViewModel(IReadOnlyList<Venue> Venues, VenueInput Input, string? Notice);

/// <summary>Per-device kiosk set-up and the staff-managed list of venues.</summary>
[Authorize(Policy = StaffAuth.RequireStaff)]
[NoStore]
public sealed class KioskSetupController(
    KioskDeviceStore devices,
    VenueService venues,
    IVenueSuggestions suggestions,
    IOptions<SafeEntryOptions> safeEntry,
    ILogger<KioskSetupController> logger) : Controller
{
    public const string NewVenueChoice = "new";

    [HttpGet("/kiosk/setup")]
    public async Task<IActionResult> Setup(CancellationToken cancellationToken)
    {
        var current = devices.Read(Request);
        var input = new SetupInput
        {
            Venue = current?.VenueId,
            TenantId = current?.TenantId,
            DefaultAction = current?.DefaultAction ?? KioskActions.CheckIn,
        };
        return View(await SetupModelAsync(input, null, cancellationToken));
    }

    [HttpPost("/kiosk/setup")]
    public async Task<IActionResult> Setup([FromForm] SetupInput input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var saved = await venues.ListAsync(cancellationToken);
        var action = input.DefaultAction?.Trim().ToLowerInvariant();
        if (!KioskActions.IsValid(action))
        {
            ModelState.AddModelError("DefaultAction", "Choose what the kiosk does by default.");
        }

        string? tenantId = null;
        if (!string.IsNullOrWhiteSpace(input.TenantId) && !VenueIds.TryParseTenant(input.TenantId, out tenantId))
        {
            ModelState.AddModelError("TenantId", "A tenant ID has 1 to 64 letters, digits, '-' or '_'.");
        }

        string? venueId = null;
        var choice = string.IsNullOrWhiteSpace(input.Venue) ? (saved.Count == 0 ? NewVenueChoice : null) : input.Venue.Trim();
        Venue? existing = null;
        if (choice is null)
        {
            ModelState.AddModelError("Venue", "Choose a venue, or add a new one.");
        }
        else if (choice == NewVenueChoice)
        {
            if (!VenueIds.TryParseVenue(input.NewVenue, out venueId))
            {
                ModelState.AddModelError("NewVenue", string.IsNullOrWhiteSpace(input.NewVenue)
                    ? "Paste the venue's QR URL or type its venue ID."
                    : "That is not a SafeEntry venue QR URL or venue ID (letters, digits and '-', e.g. PROD-201900099X-123456-MYCOMPANYNAME-SE).");
            }
            else
            {
                existing = saved.FirstOrDefault(v => v.VenueId == venueId);
                if (existing is null && !string.IsNullOrWhiteSpace(input.NewVenueName) && VenueService.CleanName(input.NewVenueName) is null)
                {
                    ModelState.AddModelError("NewVenueName", "A venue name has at most 120 characters.");
                }
            }
        }
        else
        {
            existing = saved.FirstOrDefault(v => v.VenueId == choice);
            if (existing is null)
            {
                ModelState.AddModelError("Venue", "That venue is no longer in the list: choose another.");
            }
            else
            {
                venueId = existing.VenueId;
            }
        }

        if (!ModelState.IsValid)
        {
            return View(await SetupModelAsync(input, null, cancellationToken));
        }

        if (existing is null)
        {
            var name = VenueService.CleanName(input.NewVenueName) ?? suggestions.Find(venueId)?.Name ?? venueId!;
            await venues.EnsureAsync(venueId!, name, tenantId, cancellationToken);
        }

        tenantId ??= existing?.TenantId;
        devices.Write(Response, new KioskDevice(venueId!, tenantId, action!));
        KioskLog.DeviceSetUp(logger, venueId!, tenantId, action!);
        return RedirectToAction(nameof(KioskController.Index), "Kiosk");
    }

    /// <summary>Simulator mode: one tap sets the kiosk up for a venue the gateway simulator knows.</summary>
    [HttpPost("/kiosk/setup/simulated")]
    public async Task<IActionResult> Simulated([FromForm] SimulatedSetupInput input, CancellationToken cancellationToken)
    {
        var venue = suggestions.Find(input.VenueId);
        if (safeEntry.Value.Mode != ServiceMode.Simulator || venue is null)
        {
            return NotFound();
        }

        var tenantId = venue.TenantIds.Contains(input.TenantId ?? string.Empty, StringComparer.Ordinal) ? input.TenantId : null;
        await venues.EnsureAsync(venue.VenueId, venue.Name, null, cancellationToken);
        devices.Write(Response, new KioskDevice(venue.VenueId, tenantId, KioskActions.CheckIn));
        KioskLog.DeviceSetUp(logger, venue.VenueId, tenantId, KioskActions.CheckIn);
        return RedirectToAction(nameof(KioskController.Index), "Kiosk");
    }

    [HttpPost("/kiosk/setup/clear")]
    public IActionResult Clear()
    {
        devices.Clear(Response);
        return RedirectToAction(nameof(Setup));
    }

    [HttpGet("/kiosk/venues")]
    public async Task<IActionResult> Venues(string? done, CancellationToken cancellationToken) =>
        View(new VenuesViewModel(await venues.ListAsync(cancellationToken), new VenueInput(), NoticeFor(done)));

    [HttpPost("/kiosk/venues")]
    public async Task<IActionResult> AddVenue([FromForm] VenueInput input, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        string? tenantId = null;
        if (!VenueIds.TryParseVenue(input.Venue, out var venueId))
        {
            ModelState.AddModelError("Venue", "Paste the venue's QR URL or type its venue ID (letters, digits and '-').");
        }

        if (VenueService.CleanName(input.Name) is null)
        {
            ModelState.AddModelError("Name", "Give the venue a name of up to 120 characters.");
        }

        if (!string.IsNullOrWhiteSpace(input.TenantId) && !VenueIds.TryParseTenant(input.TenantId, out tenantId))
        {
            ModelState.AddModelError("TenantId", "A tenant ID has 1 to 64 letters, digits, '-' or '_'.");
        }

        if (ModelState.IsValid && await venues.AddAsync(venueId!, input.Name!, tenantId, cancellationToken) == VenueChange.AlreadyExists)
        {
            ModelState.AddModelError("Venue", "This venue is already in the list.");
        }

        if (!ModelState.IsValid)
        {
            return View("Venues", new VenuesViewModel(await venues.ListAsync(cancellationToken), input, null));
        }

        return RedirectToAction(nameof(Venues), new { done = "added" });
    }

    [HttpPost("/kiosk/venues/{id:int}")]
    public async Task<IActionResult> UpdateVenue([FromRoute] int id, [FromForm] VenueInput input, CancellationToken cancellationToken)
    {
        string? tenantId = null;
        if (!string.IsNullOrWhiteSpace(input.TenantId) && !VenueIds.TryParseTenant(input.TenantId, out tenantId))
        {
            return RedirectToAction(nameof(Venues), new { done = "bad-tenant" });
        }

        var result = await venues.UpdateAsync(id, input.Name ?? string.Empty, tenantId, cancellationToken);
        return RedirectToAction(nameof(Venues), new
        {
            done = result switch
            {
                VenueChange.Done => "renamed",
                VenueChange.InvalidName => "bad-name",
                _ => "missing",
            },
        });
    }

    [HttpPost("/kiosk/venues/{id:int}/remove")]
    public async Task<IActionResult> RemoveVenue([FromRoute] int id, CancellationToken cancellationToken)
    {
        var result = await venues.RemoveAsync(id, cancellationToken);
        return RedirectToAction(nameof(Venues), new { done = result == VenueChange.Done ? "removed" : "missing" });
    }

    private static string? NoticeFor(string? done) => done switch
    {
        "added" => "Venue added.",
        "renamed" => "Venue updated.",
        "removed" => "Venue removed. Its check-in records stay in the log until they are purged.",
        "bad-name" => "Not changed: a venue name has 1 to 120 characters.",
        "bad-tenant" => "Not changed: a tenant ID has 1 to 64 letters, digits, '-' or '_'.",
        "missing" => "That venue is no longer in the list.",
        _ => null,
    };

    private async Task<SetupViewModel> SetupModelAsync(SetupInput input, string? notice, CancellationToken cancellationToken)
    {
        var current = devices.Read(Request);
        var list = await venues.ListAsync(cancellationToken);
        return new SetupViewModel(
            current,
            current is null ? null : list.FirstOrDefault(v => v.VenueId == current.VenueId)?.Name,
            list,
            safeEntry.Value.Mode == ServiceMode.Simulator ? suggestions.All : [],
            input,
            notice);
    }
}
