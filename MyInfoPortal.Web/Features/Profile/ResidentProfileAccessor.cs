using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.Profile;

/// <summary>
/// The Myinfo profile of the resident using this browser, if they retrieved one and have not signed
/// out. For other features that prefill forms from Myinfo (uinfin, mobile number).
/// </summary>
public interface IResidentProfileAccessor
{
    Task<PersonProfile?> GetCurrentAsync(HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>The same, with the session's id and times.</summary>
    Task<ResidentProfile?> GetSessionAsync(HttpContext context, CancellationToken cancellationToken = default);
}

public sealed class ResidentProfileAccessor(ResidentSessionStore store) : IResidentProfileAccessor
{
    private static readonly object ItemKey = new();

    public async Task<PersonProfile?> GetCurrentAsync(HttpContext context, CancellationToken cancellationToken = default) =>
        (await GetSessionAsync(context, cancellationToken))?.Person;

    public async Task<ResidentProfile?> GetSessionAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return cached as ResidentProfile;
        }

        var profile = await store.FindAsync(PortalCookies.Read(context.Request, PortalCookies.SessionBaseName), cancellationToken);
        context.Items[ItemKey] = profile;
        return profile;
    }
}
