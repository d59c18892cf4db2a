using System.Net;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Hosting;
using MyInfoPortal.Tests.Infrastructure;

namespace MyInfoPortal.Tests.Smoke;

/// <summary>
/// Razor runtime compilation: on in the Development environment of a Debug build, so an edited view shows
/// on the next request; off in every other environment; absent from Release output altogether.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class ViewCompilationTests
{
    private const string RuntimeCompilation = "Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation";
    private const string Marker = "edited-while-the-portal-runs";

    [Fact]
    public async Task InDevelopmentAnEditedViewShowsOnTheNextRequestWithoutARebuild()
    {
        using var content = CopyOfTheSite();
        using var factory = new ContentRootFactory(content.Path, "Development");
        using var client = factory.CreateClient();

        var before = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("Retrieve Myinfo", before, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, before, StringComparison.Ordinal);

        await EditHomePageAsync(content);

        // The content root's file watcher reports the change (by polling in the tests, every four seconds).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string after;
        do
        {
            await Task.Delay(250);
            after = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        }
        while (!after.Contains(Marker, StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.Contains(Marker, after, StringComparison.Ordinal);
        Assert.Contains("Retrieve Myinfo", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Testing", false)]
    [InlineData("Production", false)]
    public async Task OnlyDevelopmentServesAViewEditedOnDiskInsteadOfTheCompiledOne(string environment, bool edited)
    {
        using var content = CopyOfTheSite();
        await EditHomePageAsync(content);
        using var factory = new ContentRootFactory(content.Path, environment);
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Retrieve Myinfo", html, StringComparison.Ordinal);
        Assert.Equal(edited, html.Contains(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReleasePublishCarriesNoRuntimeCompilation()
    {
        using var artifacts = new TempFolder("mip-publish");

        // An artifacts path of its own: the Release restore and build never touch the worktree's obj/ and bin/.
        await using (var publish = ChildProcess.Start("dotnet",
            ["publish", Path.Combine(RepoPaths.WebProject, "MyInfoPortal.Web.csproj"), "-c", "Release", "--artifacts-path", artifacts.Path, "-nologo"],
            RepoPaths.Root, new Dictionary<string, string?>()))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await publish.WaitForExitAsync(timeout.Token);
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed ({publish.ExitCode}):\n{publish.Output}");
        }

        var published = Directory.GetFiles(artifacts.Path, "MyInfoPortal.Web.dll", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Single(d => d!.Contains(Path.DirectorySeparatorChar + "publish" + Path.DirectorySeparatorChar, StringComparison.Ordinal))!;
        Assert.Empty(Directory.GetFiles(published, RuntimeCompilation + "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(published, "Microsoft.CodeAnalysis*.dll", SearchOption.AllDirectories));
        Assert.DoesNotContain(RuntimeCompilation, await File.ReadAllTextAsync(Path.Combine(published, "MyInfoPortal.Web.deps.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(RuntimeCompilation, AssemblyReferences(Path.Combine(published, "MyInfoPortal.Web.dll")));

        // The Debug build beside the tests does carry it: the check above would notice the package.
        Assert.Contains(RuntimeCompilation, AssemblyReferences(RepoPaths.WebAssembly));
    }

    private static TempFolder CopyOfTheSite()
    {
        var folder = new TempFolder("mip-views");
        foreach (var name in new[] { "Views", "wwwroot" })
        {
            CopyDirectory(Path.Combine(RepoPaths.WebProject, name), folder.Combine(name));
        }

        File.Copy(Path.Combine(RepoPaths.WebProject, "appsettings.json"), folder.Combine("appsettings.json"));
        return folder;
    }

    private static async Task EditHomePageAsync(TempFolder content)
    {
        var view = content.Combine("Views", "Home", "Index.cshtml");
        await File.AppendAllTextAsync(view, $"\n<p data-testid=\"{Marker}\">{Marker}</p>\n");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static List<string> AssemblyReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
    }

    /// <summary>The portal serving its views from a copy, in the environment given.</summary>
    private sealed class ContentRootFactory(string contentRoot, string environment) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.UseContentRoot(contentRoot);
        }
    }
}
