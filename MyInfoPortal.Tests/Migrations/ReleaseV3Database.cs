using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;
using Npgsql;

namespace MyInfoPortal.Tests.Migrations;

/// <summary>What the seed wrote that a test checks afterwards by using it.</summary>
internal sealed record SeededRelease(string StaffUserName, string StaffPassword, string VenueName, Guid SubmissionId, DateTime CreatedAt);

/// <summary>
/// A database as the release before migrations (commit a861216, SchemaInfo version 3) left it: its schema
/// from that release's DDL (TestData/schema-v3), and a row in every table written the way that release
/// wrote them (in its columns, with raw SQL, so a later model change cannot alter the seed), protected
/// values made with Data Protection keys kept where the portal keeps them: a folder beside the SQLite file,
/// the DataProtectionKeys table on PostgreSQL.
/// </summary>
internal sealed class ReleaseV3Database
{
    /// <summary>The portal's tables in that release; every row in them must survive the upgrade.</summary>
    public static readonly string[] PortalTables =
        ["CheckIns", "DataProtectionKeys", "InstallSecrets", "LoginFlows", "ResidentSessions", "StaffSessions", "StaffUsers", "UsedNonces", "Venues"];

    /// <summary>The embedded simulators' tables, then in the portal's database.</summary>
    public static readonly string[] SimulatorTables = ["GatewayReceipts", "SimulatorAuthCodes"];

    /// <summary>A venue and visitor the SafeEntry gateway simulator accepts.</summary>
    public const string VenueId = "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE";

    public const string Visitor = "S9960846C";

    public const string Mobile = "+65 9237 6345";

    private readonly bool _postgres;

    private ReleaseV3Database(bool postgres, string connectionString)
    {
        _postgres = postgres;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static ReleaseV3Database Sqlite(string file) => new(false, new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());

    public static ReleaseV3Database Postgres(string connectionString) => new(true, connectionString);

    /// <summary>Runs the release's DDL; <paramref name="withSimulatorTables"/> false gives the same schema less the simulators' tables.</summary>
    public async Task CreateSchemaAsync(bool withSimulatorTables = true)
    {
        var script = await File.ReadAllTextAsync(RepoPaths.TestData(Path.Combine("schema-v3", _postgres ? "postgres.sql" : "sqlite.sql")));
        await ExecuteAsync(script);
        if (!withSimulatorTables)
        {
            foreach (var table in SimulatorTables)
            {
                await ExecuteAsync($"DROP TABLE \"{table}\"");
            }
        }
    }

    /// <summary>One row in every table, dated around <paramref name="now"/>, as that release would have written them.</summary>
    public async Task<SeededRelease> SeedAsync(DateTime now, string sqliteKeysFolder)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var dataProtection = services.AddDataProtection().SetApplicationName("MyInfoPortal");
        if (_postgres)
        {
            services.AddDbContext<KeyStore>(options => options.UseNpgsql(ConnectionString));
            dataProtection.PersistKeysToDbContext<KeyStore>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(sqliteKeysFolder));
        }

        await using var provider = services.BuildServiceProvider();
        var protection = provider.GetRequiredService<IDataProtectionProvider>();
        var checkIns = new CheckInProtector(protection);

        // The staff account and one of its sessions.
        var password = TestSecrets.NewPassword("v3");
        var passwordHash = new PasswordHasher<StaffUser>().HashPassword(null!, password);
        await ExecuteAsync(
            "INSERT INTO \"StaffUsers\" (\"NormalizedUserName\", \"UserName\", \"PasswordHash\", \"AccessFailedCount\", \"LockoutEndsAt\", \"SecurityStamp\", \"CreatedAt\", \"LastSignInAt\") " +
            "VALUES (@p0, @p1, @p2, 0, NULL, @p3, @p4, @p5)",
            "VENUE.LEAD", "venue.lead", passwordHash, Hex(16), now.AddDays(-30), now.AddHours(-1));
        await ExecuteAsync(
            "INSERT INTO \"StaffSessions\" (\"SessionHash\", \"StaffUserId\", \"CreatedAt\", \"LastSeenAt\", \"ExpiresAt\") VALUES (@p0, 1, @p1, @p2, @p3)",
            Hex(32), now.AddHours(-1), now.AddMinutes(-1), now.AddHours(7));

        const string venueName = "Upgrade Hall";
        await ExecuteAsync(
            "INSERT INTO \"Venues\" (\"VenueId\", \"Name\", \"TenantId\", \"CreatedAt\") VALUES (@p0, @p1, NULL, @p2)",
            VenueId, venueName, now.AddDays(-7));

        // A resident's sign-in under way, and a retrieved profile.
        await ExecuteAsync(
            "INSERT INTO \"LoginFlows\" (\"Id\", \"StateHash\", \"BindingHash\", \"Origin\", \"CreatedAt\", \"ExpiresAt\", \"StateConsumedAt\", \"CodeHash\", \"ProtectedCode\", \"CodeConsumedAt\") " +
            "VALUES (@p0, @p1, @p2, 0, @p3, @p4, NULL, NULL, NULL, NULL)",
            Guid.NewGuid(), Hex(32), Hex(32), now.AddMinutes(-1), now.AddMinutes(9));
        await ExecuteAsync(
            "INSERT INTO \"ResidentSessions\" (\"Id\", \"TokenHash\", \"ProtectedProfile\", \"CreatedAt\", \"ExpiresAt\") VALUES (@p0, @p1, @p2, @p3, @p4)",
            Guid.NewGuid(), Hex(32), protection.CreateProtector("MyInfoPortal.Tests.ReleaseV3").Protect("{\"uinfin\":\"S9812381D\"}"), now.AddMinutes(-2), now.AddMinutes(13));
        await ExecuteAsync(
            "INSERT INTO \"UsedNonces\" (\"Scope\", \"Nonce\", \"SeenAt\") VALUES ('safeentry-out', @p0, @p1)",
            Hex(16), now.AddMinutes(-3));

        // The per-install visitor lookup key, and a kiosk check-in still waiting to be sent.
        var lookupKey = RandomNumberGenerator.GetBytes(32);
        await ExecuteAsync(
            "INSERT INTO \"InstallSecrets\" (\"Name\", \"ProtectedValue\", \"CreatedAt\") VALUES (@p0, @p1, @p2)",
            VisitorLookup.SecretName, protection.CreateProtector("MyInfoPortal.SafeEntry.VisitorLookup.v1").Protect(Convert.ToBase64String(lookupKey)), now.AddDays(-30));
        Assert.True(MobileNumber.TryNormalise(Mobile, out var mobile));
        var submissionId = Guid.NewGuid();
        var createdAt = now.AddMinutes(-2);
        await ExecuteAsync(
            "INSERT INTO \"CheckIns\" (\"SubmissionId\", \"VenueId\", \"TenantId\", \"ActionType\", \"SubType\", \"ProtectedSub\", \"SubMasked\", \"SubLookup\", " +
            "\"ProtectedMobileNo\", \"MobileMasked\", \"Source\", \"CreatedBy\", \"CreatedAt\", \"Status\", \"Attempts\", \"NextAttemptAt\", \"LastAttemptAt\", \"LastError\", \"AcceptedAt\", \"LeaseUntil\") " +
            "VALUES (@p0, @p1, NULL, 'checkin', 'uinfin', @p2, @p3, @p4, @p5, @p6, 'Kiosk', 'venue.lead', @p7, 'Pending', 1, @p8, @p9, 'gateway unreachable', NULL, NULL)",
            submissionId, VenueId, checkIns.Protect(Visitor), Nric.Mask(Visitor),
            Convert.ToHexStringLower(HMACSHA256.HashData(lookupKey, Encoding.UTF8.GetBytes(Nric.Normalise(Visitor)))),
            checkIns.Protect(mobile), MobileNumber.Mask(mobile), createdAt, now.AddMinutes(-1), createdAt);

        if (!_postgres)
        {
            // SQLite kept its keys in the folder; the table the release also made holds what EF Core would store.
            var keyFile = Directory.GetFiles(sqliteKeysFolder, "key-*.xml").Single();
            await ExecuteAsync(
                "INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES (@p0, @p1)",
                Path.GetFileNameWithoutExtension(keyFile), await File.ReadAllTextAsync(keyFile));
        }

        // The simulators' rows of that release, where its tables are there: stand-in data.
        if (!await TableExistsAsync(SimulatorTables[0]))
        {
            return new SeededRelease("venue.lead", password, venueName, submissionId, createdAt);
        }

        await ExecuteAsync(
            "INSERT INTO \"GatewayReceipts\" (\"VenueId\", \"TenantId\", \"ActionType\", \"SubType\", \"SubMasked\", \"MobileMasked\", \"ReceivedAt\") " +
            "VALUES (@p0, NULL, 'checkin', 'uinfin', 'S****381D', '+65****6345', @p1)",
            VenueId, now.AddDays(-1));
        await ExecuteAsync(
            "INSERT INTO \"SimulatorAuthCodes\" (\"CodeHash\", \"PersonaId\", \"Attributes\", \"ClientId\", \"RedirectUri\", \"CreatedAt\", \"ExpiresAt\", \"UsedAt\") " +
            "VALUES (@p0, 'S9812381D', 'name,sex', 'STG2-MYINFO-SELF-TEST', 'http://localhost/callback', @p1, @p2, NULL)",
            Hex(32), now.AddMinutes(-5), now.AddMinutes(-4));

        return new SeededRelease("venue.lead", password, venueName, submissionId, createdAt);
    }

    /// <summary>Every row of every portal table, column by column.</summary>
    public async Task<Dictionary<string, List<Dictionary<string, string>>>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var table in PortalTables)
        {
            snapshot[table] = await QueryAsync($"SELECT * FROM \"{table}\"");
        }

        return snapshot;
    }

    /// <summary>
    /// Every row of <paramref name="before"/> is in <paramref name="after"/> with the same value in each of the
    /// columns it had; columns that later migrations added are compared separately (they hold their defaults).
    /// </summary>
    /// <paramref name="dispatching"/>: the portal's dispatchers were running, so a pending check-in may already
    /// have been sent; its delivery columns are then left out (the caller checks its delivery itself).
    public static void AssertRowsKept(Dictionary<string, List<Dictionary<string, string>>> before, Dictionary<string, List<Dictionary<string, string>>> after, bool dispatching = false)
    {
        string[] delivery = ["Status", "Attempts", "NextAttemptAt", "LastAttemptAt", "LastError", "AcceptedAt", "LeaseUntil"];
        foreach (var table in PortalTables)
        {
            foreach (var row in before[table])
            {
                var columns = row.Keys.Where(k => !(dispatching && table == "CheckIns" && delivery.Contains(k))).ToList();
                var kept = after[table].Select(r => Describe(columns.ToDictionary(k => k, k => r.GetValueOrDefault(k) ?? "(no such column)"))).ToList();
                Assert.Contains(Describe(columns.ToDictionary(k => k, k => row[k])), kept);
            }
        }
    }

    private static string Describe(Dictionary<string, string> row) => string.Join(" | ", row.Select(c => $"{c.Key}={c.Value}"));

    public async Task<IReadOnlyList<int>> SchemaVersionsAsync() =>
        [.. (await QueryAsync("SELECT \"Version\" FROM \"SchemaInfo\"")).Select(row => int.Parse(row["Version"], CultureInfo.InvariantCulture))];

    public async Task<IReadOnlyList<string>> MigrationHistoryAsync() =>
        [.. (await QueryAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"")).Select(row => row["MigrationId"])];

    public async Task<bool> TableExistsAsync(string table) =>
        (await QueryAsync(
            _postgres
                ? "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = @p0"
                : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = @p0",
            table)).Single()["n"] != "0";

    public async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<Dictionary<string, string>>> QueryAsync(string sql, params object?[] values)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, values);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, string>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                {
                    DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = _postgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Parameters as that release's EF Core wrote them: on SQLite a Guid is upper-case TEXT.</summary>
    private DbCommand Command(DbConnection connection, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i] switch
            {
                null => DBNull.Value,
                Guid id when !_postgres => id.ToString().ToUpperInvariant(),
                var value => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Where the seed's Data Protection keys go on PostgreSQL: the release's DataProtectionKeys table.</summary>
    private sealed class KeyStore(DbContextOptions<KeyStore> options) : DbContext(options), IDataProtectionKeyContext
    {
        public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    }
}
