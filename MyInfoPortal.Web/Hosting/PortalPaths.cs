namespace MyInfoPortal.Web.Hosting;

/// <summary>Resolves the configured folders against the content root, once, at start.</summary>
public sealed class PortalPaths
{
    public PortalPaths(string contentRoot, PortalOptions options)
    {
        DataFolder = Path.GetFullPath(options.DataPath, contentRoot);
        CertificatesFolder = Path.GetFullPath(options.CertificatesPath, contentRoot);
    }

    public string DataFolder { get; }

    public string CertificatesFolder { get; }

    public string KeysFolder => Path.Combine(DataFolder, "keys");

    public string LogsFolder => Path.Combine(DataFolder, "logs");

    public static PortalPaths From(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        return new PortalPaths(builder.Environment.ContentRootPath, options);
    }
}
