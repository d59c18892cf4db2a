namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>A folder under the system temp directory, removed when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "mip-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file; the OS temp cleaner gets it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
