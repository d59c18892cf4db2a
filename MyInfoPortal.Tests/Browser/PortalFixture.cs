using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The real portal on Kestrel for one browser test class (Simulator mode unless a subclass says
/// otherwise), started once and shared by the class's journeys.
/// </summary>
public class PortalFixture : IAsyncLifetime, IAsyncDisposable
{
    private PortalProcess? _portal;

    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("The portal has not started.");

    public string BaseUrl => Portal.BaseUrl;

    /// <summary>Configuration for the portal process, as an operator would set it (keys with ':').</summary>
    protected virtual Dictionary<string, string?> Settings() => new()
    {
        // Journeys click quickly through several sign-ins from one loopback address.
        ["RateLimits:SignInPerMinute"] = "1000",
        ["RateLimits:LoginPerMinute"] = "1000",
        ["RateLimits:CallbackPerMinute"] = "1000",
        ["RateLimits:CheckInPerMinute"] = "1000",
    };

    public virtual async Task InitializeAsync()
    {
        _portal = new PortalProcess(Settings());
        await _portal.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        var portal = Interlocked.Exchange(ref _portal, null);
        if (portal is not null)
        {
            await portal.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
