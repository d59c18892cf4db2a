using MyInfoPortal.Web.Features.Staff;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Hosting;

/// <summary>Command-line verbs that run against the configured database instead of starting the server.</summary>
public static class PortalCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "staff" or "keys";

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error) =>
        args[0] switch
        {
            "staff" => StaffCommands.RunAsync(services, args[1..], input, output, error),
            "keys" => SingpassKeyCommands.RunAsync(services, args[1..], output, error),
            _ => Task.FromResult(2),
        };
}
