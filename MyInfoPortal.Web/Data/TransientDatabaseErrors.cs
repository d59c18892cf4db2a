using Microsoft.Data.Sqlite;
using Npgsql;

namespace MyInfoPortal.Web.Data;

/// <summary>
/// Database errors worth trying again in a moment: SQLite busy or locked (another writer held the file
/// longer than busy_timeout), and whatever Npgsql itself calls transient (a dropped connection, a
/// serialisation failure, a server shutting down). Constraint violations and bad SQL are never transient.
/// </summary>
public static class TransientDatabaseErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked:
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
