using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>The <c>keys</c> verbs of the real built app, as an operator runs them before registering with Singpass.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class SingpassKeyCommandTests
{
    [Fact]
    public async Task CreateListAndRotateTheKeySetThroughTheCommandLine()
    {
        using var folder = new TempFolder("mip-keys");
        var path = folder.Combine("singpass", "client.jwks.json");
        await using var portal = new PortalProcess(new Dictionary<string, string?> { ["Singpass__KeysPath"] = path }, folder);

        var created = await portal.RunCommandAsync(null, "keys", "create");
        var createdAgain = await portal.RunCommandAsync(null, "keys", "create");
        var listed = await portal.RunCommandAsync(null, "keys", "list");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("/.well-known/jwks.json", created.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var first = Kids(path);
        Assert.Equal(2, first.Count);
        Assert.Equal(1, createdAgain.ExitCode);
        Assert.Contains("already exists", createdAgain.Output, StringComparison.Ordinal);
        Assert.Equal(first, Kids(path));

        Assert.Equal(0, listed.ExitCode);
        Assert.All(first, kid => Assert.Contains(kid, listed.Output, StringComparison.Ordinal));
        Assert.DoesNotContain("\"d\"", listed.Output, StringComparison.Ordinal);

        var rotated = await portal.RunCommandAsync(null, "keys", "rotate");
        Assert.Equal(0, rotated.ExitCode);
        Assert.Contains("Added", rotated.Output, StringComparison.Ordinal);
        var after = Kids(path);
        Assert.Equal(4, after.Count);
        Assert.Subset(after.ToHashSet(), first.ToHashSet());
    }

    [Fact]
    public async Task CreateWithoutAKeysPathIsAClearError()
    {
        await using var portal = new PortalProcess(new Dictionary<string, string?> { ["Singpass__Mode"] = "Off" });

        var result = await portal.RunCommandAsync(null, "keys", "create");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Singpass:KeysPath", result.Output, StringComparison.Ordinal);
    }

    private static List<string> Kids(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
