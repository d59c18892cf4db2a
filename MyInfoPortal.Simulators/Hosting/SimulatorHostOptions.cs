namespace MyInfoPortal.Simulators.Hosting;

/// <summary>
/// What the host application tells the simulators: the public address they answer on (their URLs, the
/// token issuer and the URL partners sign derive from it) and where they keep their own data. Filled by
/// the host, not bound from configuration: the simulators' own keys stay under <c>Simulators:*</c>.
/// </summary>
public sealed class SimulatorHostOptions
{
    /// <summary>The address browsers and clients use to reach the host, e.g. <c>http://localhost:5000</c>.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public SimulatorStorage Storage { get; set; } = SimulatorStorage.Sqlite;

    /// <summary>For SQLite, e.g. <c>Data Source=App_Data/simulators.db</c>; for PostgreSQL, an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The base URL without a trailing slash, followed by <paramref name="path"/>.</summary>
    public string Url(string path) => BaseUrl.TrimEnd('/') + path;
}

public enum SimulatorStorage
{
    Sqlite,
    Postgres,
}
