using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MyInfoPortal.Web.Hosting;

/// <summary>
/// Runs the given PRAGMAs once on each physical SQLite connection. EF Core reports every open of a
/// pooled connection, but a PRAGMA such as <c>synchronous</c> or <c>busy_timeout</c> belongs to the
/// native connection and survives its return to the pool, so each native handle is set up once.
/// </summary>
public sealed class SqlitePragmas(string pragmas) : DbConnectionInterceptor
{
    // Keyed on the native handle, which the pool keeps for as long as the physical connection lives.
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSetUp(connection, out var handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            _configured.AddOrUpdate(handle, handle);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSetUp(connection, out var handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, handle);
        }
    }

    private bool NeedsSetUp(DbConnection connection, out object handle)
    {
        handle = (connection as SqliteConnection)?.Handle ?? (object)connection;
        return !_configured.TryGetValue(handle, out _);
    }
}
