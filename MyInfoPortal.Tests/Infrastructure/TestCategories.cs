namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// Trait names for choosing tests. Classes that start something outside the test process (the real portal,
/// a browser, PostgreSQL, nginx, MockPass, openid-client) carry <c>[Trait(Speed, Slow)]</c>; everything else
/// runs in memory. <c>./test.sh --filter "Speed!=Slow"</c> runs the fast ones alone.
/// </summary>
public static class TestCategories
{
    public const string Speed = "Speed";

    public const string Slow = "Slow";
}
