using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Commits of sign-in state (login flows and new resident sessions) that SQLite does not sync to disk one by
/// one. The portal's file runs at <c>synchronous=FULL</c>: every commit waits for an fsync while it holds
/// SQLite's single write lock, so an acknowledged check-in survives a power cut. Sign-in state lives ten to
/// fifteen minutes and is made again by signing in again, so inside this scope the connection runs at
/// <c>synchronous=NORMAL</c>: in WAL mode such a commit is written to the log at once and reaches the disk
/// with the next sync (any later FULL commit, such as a check-in, or a checkpoint). A power cut can
/// undo the last of these commits, never corrupt the file, and never undo a check-in acknowledged after
/// them. On other databases the scope does nothing.
/// </summary>
public sealed class UnsyncedWrites : IAsyncDisposable
{
    private readonly DbContext _db;
    private readonly DbConnection _connection;

    private UnsyncedWrites(DbContext db, DbConnection connection)
    {
        _db = db;
        _connection = connection;
    }

    /// <summary>
    /// Holds the context's connection open at <c>synchronous=NORMAL</c> until disposed. Begin it before any
    /// transaction (SQLite refuses the change inside one) and dispose it after.
    /// </summary>
    public static async Task<IAsyncDisposable> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is not SqliteConnection connection)
        {
            return NothingToUndo.Instance;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await SetAsync(connection, "NORMAL", cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new UnsyncedWrites(db, connection);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SetAsync(_connection, "FULL", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The physical connection must not serve a check-in while it does not sync: drop it instead of
            // returning it to the pool (clearing the pool closes idle connections and keeps open ones out).
            SqliteConnection.ClearPool((SqliteConnection)_connection);
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }
    }

    private static async Task SetAsync(DbConnection connection, string level, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=" + level;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class NothingToUndo : IAsyncDisposable
    {
        public static readonly NothingToUndo Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
