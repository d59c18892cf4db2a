using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>
/// The portal in memory, on its own temp folder (SQLite file, development keys, Data Protection keys),
/// in Simulator mode unless a test says otherwise, with a clock the test controls and its log lines captured.
/// Settings go through UseSetting so that Program.cs sees them while it builds.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private IWebHostEnvironment? _environment;

    public PortalFactory()
    {
        Folder = new TempFolder("mip-app");
        _settings["Portal:BaseUrl"] = "http://localhost";
        _settings["Portal:DataPath"] = Folder.Combine("data");
        _settings["Portal:CertificatesPath"] = Folder.Combine("certs");
        _settings["Portal:FileLogging"] = "false";
    }

    public TempFolder Folder { get; }

    public TestClock Clock { get; } = new();

    /// <summary>Every line the app logged, for log-hygiene and security-event assertions.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Set before the first request; later changes are ignored.</summary>
    public PortalFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
            ConfigureTestServices(services);
        });
    }

    /// <summary>Hook for subclasses: replace handlers, add fakes.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _environment = host.Services.GetRequiredService<IWebHostEnvironment>();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        // The host never disposes its web root file provider, whose watcher (started by
        // asp-append-version) holds an inotify instance until a finalizer runs. The limit is 128 per
        // user for the whole machine, so a suite of factories must hand them back as it goes.
        base.Dispose(disposing);
        if (disposing)
        {
            var environment = Interlocked.Exchange(ref _environment, null);
            DisposeProvider(environment?.WebRootFileProvider);
            DisposeProvider(environment?.ContentRootFileProvider);
            Folder.Dispose();
        }
    }

    private static void DisposeProvider(IFileProvider? provider)
    {
        if (provider is CompositeFileProvider composite)
        {
            foreach (var inner in composite.FileProviders)
            {
                DisposeProvider(inner);
            }
        }

        (provider as IDisposable)?.Dispose();
    }
}
