using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MyInfoPortal.Web.Hosting;

namespace MyInfoPortal.Web.Features.Staff;

[Authorize(Policy = StaffAuth.RequireStaff)]
[NoStore]
public sealed class DiagnosticsController(DiagnosticsService diagnostics) : Controller
{
    [HttpGet("/staff/diagnostics")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await diagnostics.BuildAsync(cancellationToken));
}
