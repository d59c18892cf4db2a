using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Browser;

/// <summary>
/// The README's screenshots are the journeys' own. They are copied into docs/screenshots only when
/// asked (MIP_UPDATE_DOCS_SCREENSHOTS=1), so an ordinary test run never changes tracked files.
/// </summary>
public static class DocsScreenshots
{
    public const string Variable = "MIP_UPDATE_DOCS_SCREENSHOTS";

    public static string Folder => Path.Combine(RepoPaths.Root, "docs", "screenshots");

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Copies the journey's latest screenshot to docs/screenshots/<paramref name="name"/>.png.</summary>
    public static void Publish(Journey journey, string name)
    {
        if (!Enabled || journey.Screenshots.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        File.Copy(journey.Screenshots[^1], Path.Combine(Folder, name + ".png"), overwrite: true);
    }
}
