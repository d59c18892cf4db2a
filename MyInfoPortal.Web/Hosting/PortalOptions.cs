using System.ComponentModel.DataAnnotations;

namespace MyInfoPortal.Web.Hosting;

/// <summary>Where the portal lives and keeps its files. Section <c>Portal</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>The address residents' browsers use to reach the portal; simulator URLs derive from it.</summary>
    [Required]
    [Url]
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Folder for the SQLite database, Data Protection keys and logs (relative to the content root).</summary>
    [Required]
    public string DataPath { get; set; } = "App_Data";

    /// <summary>Folder where development keys are generated in Simulator mode (relative to the content root).</summary>
    [Required]
    public string CertificatesPath { get; set; } = "../certs";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>; the connection string is <c>ConnectionStrings:Portal</c>.</summary>
    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
