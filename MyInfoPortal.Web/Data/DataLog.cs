namespace MyInfoPortal.Web.Data;

/// <summary>Schema events at start, 7000-7099. Migration names and counts only.</summary>
internal static partial class DataLog
{
    public const string Category = "MyInfoPortal.Data";

    [LoggerMessage(7000, LogLevel.Information, "Database schema: applying {Count} migration(s): {Migrations}")]
    public static partial void ApplyingMigrations(ILogger logger, int count, string migrations);

    [LoggerMessage(7001, LogLevel.Information, "Database schema: {Count} migration(s) applied")]
    public static partial void MigrationsApplied(ILogger logger, int count);

    [LoggerMessage(7002, LogLevel.Information, "Database schema: a database made by the release before migrations (schema version {Version}) matches the baseline {Baseline}; recorded it as applied")]
    public static partial void Adopted(ILogger logger, int version, string baseline);
}
