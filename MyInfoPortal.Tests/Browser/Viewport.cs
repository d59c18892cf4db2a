namespace MyInfoPortal.Tests.Browser;

/// <summary>The screen sizes the portal is designed for.</summary>
public sealed record Viewport(string Name, int Width, int Height, bool IsMobile = false, bool HasTouch = false)
{
    /// <summary>A small phone, the narrowest screen the portal supports.</summary>
    public static Viewport Phone { get; } = new("phone", 360, 740, IsMobile: true, HasTouch: true);

    /// <summary>A tablet in portrait: the kiosk's usual device.</summary>
    public static Viewport Tablet { get; } = new("tablet", 768, 1024, IsMobile: true, HasTouch: true);

    public static Viewport Desktop { get; } = new("desktop", 1280, 800);

    public static IReadOnlyList<Viewport> All { get; } = [Phone, Tablet, Desktop];

    public static Viewport ByName(string name) =>
        All.Single(v => string.Equals(v.Name, name, StringComparison.Ordinal));
}
