using System.Runtime.CompilerServices;

namespace MyInfoPortal.Tests.Infrastructure;

internal static class TestEnvironment
{
    /// <summary>
    /// The suite starts hundreds of in-memory hosts. Each would otherwise open inotify watchers (for
    /// appsettings reloads and asp-append-version), and Linux allows a user only 128 inotify instances
    /// by default; polling needs none. Child processes inherit these variables too.
    /// </summary>
    [ModuleInitializer]
    internal static void DisableFileWatchers()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
