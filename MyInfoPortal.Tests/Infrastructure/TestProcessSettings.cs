using System.Runtime.CompilerServices;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// Settings for every host the tests start, in this process and in child processes (which inherit the
/// environment). Each host that reloads appsettings on change holds inotify instances; the suite starts
/// many hosts at once and Linux allows 128 per user, shared with anything else running, so a busy run
/// could make a portal fail to start. The tests never edit appsettings at run time, so nothing is lost.
/// Also the opt-in that lets the simulators run outside the Development environment.
/// </summary>
internal static class TestProcessSettings
{
    [ModuleInitializer]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

        // What still watches files (content root, static files) polls instead of holding an inotify instance.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "1");

        // The hosts run in the Testing or Production environment with the embedded simulators, which the
        // portal refuses outside Development without this opt-in. Tests of that refusal set it to false.
        Environment.SetEnvironmentVariable("Simulators__AllowOutsideDevelopment", "true");
    }
}
