using MyInfoPortal.Web.Features.Staff;

namespace MyInfoPortal.Web.Hosting;

/// <summary>Command-line verbs that run against the configured database instead of starting the server.</summary>
public static class PortalCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "staff";

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error) =>
        args[0] switch
        {
            "staff" => StaffCommands.RunAsync(services, args[1..], input, output, error),
            _ => Task.FromResult(2),
        };
}
