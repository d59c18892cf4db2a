namespace MyInfoPortal.Web.Features.Staff;

/// <summary><c>staff add|list|remove</c>. Placeholder until staff accounts land.</summary>
public static class StaffCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        await error.WriteLineAsync("staff commands are not available in this build yet.");
        return 2;
    }
}
