using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// Every simulator route answers 404 unless <c>Simulators:MyInfo:Enabled</c> is true. An authorization
/// filter, so it runs before antiforgery validation and before the controller (and its keys) is built.
/// </summary>
public sealed class MyInfoSimulatorGate(IOptionsMonitor<SimulatorOptions> options) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.CurrentValue.MyInfo.Enabled)
        {
            context.Result = new NotFoundResult();
        }
    }
}
