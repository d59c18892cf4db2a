using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Adopts a database made by the last release before migrations: EnsureCreated made its schema and
/// stamped <see cref="SchemaInfo"/> with version 3. Each provider's first migration (the baseline) is that
/// release's schema, so when the database has no migrations history, says version 3, and its tables,
/// columns and indexes are exactly the baseline's, the baseline is recorded as applied and the later
/// migrations upgrade it in place. Anything else is refused with nothing changed: a database with tables
/// but no record of the portal's schema, another version, or a schema that differs from the release's.
/// </summary>
internal static class ReleaseV3Adoption
{
    private const string HistoryTable = "__EFMigrationsHistory";

    // Any fixed number, other than the simulators' schema lock: instances starting at once adopt one at a time.
    private const long AdoptionLockKey = 0x4D49505F41444F50;

    public static async Task AdoptIfNeededAsync(PortalDbContext db, DatabaseLocation where, ILogger logger, CancellationToken cancellationToken)
    {
        var database = db.Database;
        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await database.BeginTransactionAsync(cancellationToken);
            if (database.IsNpgsql())
            {
                await database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [AdoptionLockKey], cancellationToken);
            }

            var schema = ExistingSchema.For(db);
            var tables = await schema.TablesAsync(cancellationToken);
            if (tables.Count == 0 || tables.Contains(HistoryTable))
            {
                // Empty (the migrations make everything) or already under migrations.
                return;
            }

            if (!tables.Contains(nameof(PortalDbContext.SchemaInfo)))
            {
                throw new InvalidOperationException(
                    $"The database {where.Name} holds tables but no record of a MyInfoPortal schema (neither {HistoryTable} nor SchemaInfo), " +
                    $"so it was not made by the portal. Nothing was changed. Point {where.Setting} at the portal's database or at an empty one.");
            }

            var versions = await schema.SchemaVersionsAsync(cancellationToken);
            if (versions is not [DatabaseInitializer.ReleaseBeforeMigrationsVersion])
            {
                var found = versions.Count == 0 ? "none" : string.Join(", ", versions.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                throw new InvalidOperationException(
                    $"The database {where.Name} records schema version {found} in SchemaInfo and has no migrations history. This version " +
                    $"upgrades only version {DatabaseInitializer.ReleaseBeforeMigrationsVersion}, the last made before migrations. Nothing was changed.");
            }

            var baseline = database.GetMigrations().First();
            var differences = await schema.CompareAsync(BaselineTables(db, baseline), cancellationToken);
            if (differences.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The database {where.Name} says schema version {DatabaseInitializer.ReleaseBeforeMigrationsVersion}, but its schema is not that release's, " +
                    $"so it is not upgraded: {string.Join("; ", differences.Take(10))}{(differences.Count > 10 ? "; ..." : string.Empty)}. " +
                    "Nothing was changed. Restore a backup made by that release, or start on an empty database.");
            }

            var history = db.GetService<IHistoryRepository>();
            await database.ExecuteSqlRawAsync(history.GetCreateScript(), cancellationToken);
            await database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            DataLog.Adopted(logger, DatabaseInitializer.ReleaseBeforeMigrationsVersion, baseline);
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>The tables the baseline migration makes, from its target model (the model as it was then).</summary>
    private static IReadOnlyList<TableShape> BaselineTables(PortalDbContext db, string baseline)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var migration = migrations.CreateMigration(migrations.Migrations[baseline], db.Database.ProviderName!);
        var model = db.GetService<IModelRuntimeInitializer>().Initialize(migration.TargetModel!);
        return
        [
            .. model.GetRelationalModel().Tables.Select(table => new TableShape(
                table.Name,
                table.Columns.ToDictionary(c => c.Name, c => new ColumnShape(c.StoreType, c.IsNullable), StringComparer.Ordinal),
                string.Join(",", table.PrimaryKey?.Columns.Select(c => c.Name) ?? []),
                table.Indexes.ToDictionary(i => i.Name, i => new IndexShape(i.IsUnique, string.Join(",", i.Columns.Select(c => c.Name))), StringComparer.Ordinal))),
        ];
    }
}

/// <summary>Which database, for messages: its file, or its name and server; never a password.</summary>
internal sealed record DatabaseLocation(string Name, string Setting)
{
    public static DatabaseLocation Describe(PortalDbContext db)
    {
        var connectionString = db.Database.GetConnectionString() ?? string.Empty;
        if (db.Database.IsNpgsql())
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            return new($"'{postgres.Database}' on {postgres.Host}:{postgres.Port} (PostgreSQL)", "ConnectionStrings:Portal");
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        return new($"'{Path.GetFullPath(sqlite.DataSource)}' (SQLite)", "Portal:DataPath (or ConnectionStrings:Portal, when set)");
    }
}

internal sealed record ColumnShape(string Type, bool Nullable);

internal sealed record IndexShape(bool Unique, string Columns);

/// <summary>A table as far as adoption compares it: columns (store type, nullability), primary key, indexes.</summary>
internal sealed record TableShape(
    string Name,
    IReadOnlyDictionary<string, ColumnShape> Columns,
    string PrimaryKey,
    IReadOnlyDictionary<string, IndexShape> Indexes);

/// <summary>Reads the schema a database has, from the provider's catalogue, inside the caller's transaction.</summary>
internal abstract class ExistingSchema(PortalDbContext db)
{
    public static ExistingSchema For(PortalDbContext db) => db.Database.IsNpgsql() ? new PostgresSchema(db) : new SqliteSchema(db);

    /// <summary>The tables of the portal's schema (PostgreSQL: the current schema; SQLite: all but its own).</summary>
    public abstract Task<HashSet<string>> TablesAsync(CancellationToken cancellationToken);

    public abstract Task<TableShape> TableAsync(string name, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<int>> SchemaVersionsAsync(CancellationToken cancellationToken) =>
        [.. (await QueryAsync("SELECT \"Version\" FROM \"SchemaInfo\"", [], cancellationToken)).Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture))];

    /// <summary>Every way the database's tables differ from <paramref name="expected"/>; tables not expected are not looked at.</summary>
    public async Task<IReadOnlyList<string>> CompareAsync(IReadOnlyList<TableShape> expected, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        var tables = await TablesAsync(cancellationToken);
        foreach (var want in expected)
        {
            if (!tables.Contains(want.Name))
            {
                differences.Add($"table {want.Name} is missing");
                continue;
            }

            var have = await TableAsync(want.Name, cancellationToken);
            foreach (var (column, shape) in want.Columns)
            {
                if (!have.Columns.TryGetValue(column, out var actual))
                {
                    differences.Add($"column {want.Name}.{column} is missing");
                }
                else if (!string.Equals(actual.Type, shape.Type, StringComparison.OrdinalIgnoreCase) || actual.Nullable != shape.Nullable)
                {
                    differences.Add($"column {want.Name}.{column} is {Describe(actual)}, expected {Describe(shape)}");
                }
            }

            differences.AddRange(have.Columns.Keys.Where(c => !want.Columns.ContainsKey(c)).Select(c => $"column {want.Name}.{c} was not in that release"));
            if (have.PrimaryKey != want.PrimaryKey)
            {
                differences.Add($"the primary key of {want.Name} is ({have.PrimaryKey}), expected ({want.PrimaryKey})");
            }

            foreach (var (index, shape) in want.Indexes)
            {
                if (!have.Indexes.TryGetValue(index, out var actual))
                {
                    differences.Add($"index {index} is missing");
                }
                else if (actual != shape)
                {
                    differences.Add($"index {index} is {Describe(actual)}, expected {Describe(shape)}");
                }
            }

            differences.AddRange(have.Indexes.Keys.Where(i => !want.Indexes.ContainsKey(i)).Select(i => $"index {i} was not in that release"));
        }

        return differences;
    }

    protected async Task<List<object?[]>> QueryAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string Describe(ColumnShape column) => column.Type + (column.Nullable ? " NULL" : " NOT NULL");

    private static string Describe(IndexShape index) => (index.Unique ? "unique " : string.Empty) + "(" + index.Columns + ")";

    private sealed class SqliteSchema(PortalDbContext db) : ExistingSchema(db)
    {
        public override async Task<HashSet<string>> TablesAsync(CancellationToken cancellationToken) =>
            [.. (await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", [], cancellationToken))
                .Select(r => (string)r[0]!)];

        public override async Task<TableShape> TableAsync(string name, CancellationToken cancellationToken)
        {
            var columns = await QueryAsync("SELECT name, type, \"notnull\", pk FROM pragma_table_info(@p0) ORDER BY cid", [name], cancellationToken);
            var indexes = new Dictionary<string, IndexShape>(StringComparer.Ordinal);
            foreach (var index in await QueryAsync("SELECT name, \"unique\" FROM pragma_index_list(@p0) WHERE origin = 'c'", [name], cancellationToken))
            {
                var indexColumns = await QueryAsync("SELECT name FROM pragma_index_info(@p0) ORDER BY seqno", [index[0]!], cancellationToken);
                indexes[(string)index[0]!] = new IndexShape(Convert.ToInt64(index[1], CultureInfo.InvariantCulture) != 0, string.Join(",", indexColumns.Select(c => (string)c[0]!)));
            }

            return new TableShape(
                name,
                columns.ToDictionary(c => (string)c[0]!, c => new ColumnShape((string)c[1]!, Convert.ToInt64(c[2], CultureInfo.InvariantCulture) == 0), StringComparer.Ordinal),
                string.Join(",", columns.Where(c => Convert.ToInt64(c[3], CultureInfo.InvariantCulture) > 0)
                    .OrderBy(c => Convert.ToInt64(c[3], CultureInfo.InvariantCulture)).Select(c => (string)c[0]!)),
                indexes);
        }
    }

    private sealed class PostgresSchema(PortalDbContext db) : ExistingSchema(db)
    {
        public override async Task<HashSet<string>> TablesAsync(CancellationToken cancellationToken) =>
            [.. (await QueryAsync(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
                    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')", [], cancellationToken))
                .Select(r => (string)r[0]!)];

        public override async Task<TableShape> TableAsync(string name, CancellationToken cancellationToken)
        {
            var columns = await QueryAsync(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a " +
                "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = current_schema() AND c.relname = @p0 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                [name], cancellationToken);
            var indexes = await QueryAsync(
                "SELECT i.relname, x.indisunique, x.indisprimary, " +
                "array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord) " +
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') " +
                "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid " +
                "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema() AND t.relname = @p0",
                [name], cancellationToken);
            return new TableShape(
                name,
                columns.ToDictionary(c => (string)c[0]!, c => new ColumnShape((string)c[1]!, !(bool)c[2]!), StringComparer.Ordinal),
                indexes.Where(i => (bool)i[2]!).Select(i => (string)i[3]!).SingleOrDefault() ?? string.Empty,
                indexes.Where(i => !(bool)i[2]!).ToDictionary(i => (string)i[0]!, i => new IndexShape((bool)i[1]!, (string)i[3]!), StringComparer.Ordinal));
        }
    }
}
