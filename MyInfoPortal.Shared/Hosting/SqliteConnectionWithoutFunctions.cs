using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace MyInfoPortal.Web.Hosting;

#pragma warning disable EF1001 // Extends EF Core's own SQLite connection type; the tests run every query on it.

/// <summary>
/// EF Core's SQLite connection without the SQL functions it adds to each connection object (<c>regexp</c>,
/// the <c>ef_*</c> decimal arithmetic and aggregates, and the <c>EF_DECIMAL</c> collation). Microsoft.Data.Sqlite
/// registers those again on every open of a pooled connection and removes them again on every close, 26
/// native calls per use, which was 13 % of a readiness probe's CPU. EF Core only writes them into SQL for
/// <c>decimal</c> values and <c>Regex</c> matches: neither model has a decimal property (a test checks), and a
/// query that still needed one would fail with "no such function", which the tests would show.
/// </summary>
public sealed class SqliteConnectionWithoutFunctions(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    /// <summary>Uses SQLite at <paramref name="connectionString"/> through this connection type.</summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder builder, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqlite(connectionString)
            .ReplaceService<ISqliteRelationalConnection, SqliteConnectionWithoutFunctions>();
    }

    protected override DbConnection CreateDbConnection()
    {
        var connection = new SqliteConnection(GetValidatedConnectionString());
        if (CommandTimeout is { } timeout)
        {
            connection.DefaultTimeout = timeout;
        }

        return connection;
    }
}

#pragma warning restore EF1001
