using Microsoft.AspNetCore.Authorization;

namespace MyInfoPortal.Web.Features.Staff;

/// <summary>
/// Met by a staff session, or by anyone while the portal has no staff account at all (a fresh
/// development clone, where there is nobody to sign in as). Used for pages that are harmless on a
/// developer's machine but must not be open to the public once the portal has operators.
/// </summary>
public sealed class StaffOrNoAccountsRequirement : IAuthorizationRequirement;

public sealed class StaffOrNoAccountsHandler(StaffAccountService accounts) : AuthorizationHandler<StaffOrNoAccountsRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffOrNoAccountsRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated == true && context.User.HasClaim(c => c.Type == StaffAuth.SessionClaim))
        {
            context.Succeed(requirement);
            return;
        }

        var cancellation = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        if (!await accounts.AnyAsync(cancellation))
        {
            context.Succeed(requirement);
        }
    }
}
