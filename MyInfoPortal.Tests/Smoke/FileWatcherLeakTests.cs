using System.Net;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Smoke;

[CollectionDefinition(nameof(FileWatcherLeakTests), DisableParallelization = true)]
public sealed class FileWatcherLeakCollection;

/// <summary>
/// Every in-memory portal the tests create must give back its inotify instances when disposed: the
/// limit is 128 per user, shared by every process on the machine, and a suite that leaks a few per
/// factory fails with "The configured user limit (128) on the number of inotify instances has been reached".
/// </summary>
[Collection(nameof(FileWatcherLeakTests))]
public sealed class FileWatcherLeakTests
{
    [Fact]
    public async Task DisposedFactoriesReleaseTheirFileWatchers()
    {
        await WarmUpAsync();
        var before = InotifyInstances();

        for (var i = 0; i < 8; i++)
        {
            await WarmUpAsync();
        }

        Assert.True(InotifyInstances() - before <= 1, $"inotify instances went from {before} to {InotifyInstances()}");
    }

    private static async Task WarmUpAsync()
    {
        using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        // The layout's asp-append-version links make the web root provider start watching.
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static int InotifyInstances() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget?.Contains("inotify", StringComparison.Ordinal) == true);
}
