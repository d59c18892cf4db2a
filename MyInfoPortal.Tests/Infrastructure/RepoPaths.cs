namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>Finds the repository's folders from the test binaries, wherever the clone lives.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "MyInfoPortal.Web");

    /// <summary>The built web app next to the test assembly (the project reference copies it there).</summary>
    public static string WebAssembly => Path.Combine(AppContext.BaseDirectory, "MyInfoPortal.Web.dll");

    public static string E2eTooling => Path.Combine(Root, "tools", "e2e");

    public static string NodeModules => Path.Combine(E2eTooling, "node_modules");

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MyInfoPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MyInfoPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
