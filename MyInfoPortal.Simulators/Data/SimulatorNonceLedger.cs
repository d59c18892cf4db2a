using Microsoft.EntityFrameworkCore;

namespace MyInfoPortal.Simulators.Data;

/// <summary>
/// Records the PKI_SIGN nonces a simulator has accepted under the (Scope, Nonce) unique index: a nonce
/// seen before is refused, even when two replays race.
/// </summary>
public sealed class SimulatorNonceLedger(SimulatorDbContext db, TimeProvider time)
{
    public const string MyInfo = "sim-myinfo";
    public const string SafeEntry = "sim-safeentry";

    /// <summary>True when the nonce was new and is now recorded; false when it had been seen before.</summary>
    public async Task<bool> TryRecordAsync(string scope, string nonce, CancellationToken cancellationToken)
    {
        var row = new SimulatorNonce { Scope = scope, Nonce = nonce, SeenAt = time.GetUtcNow().UtcDateTime };
        db.UsedNonces.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }
}

/// <summary>Recognises a unique-index violation on SQLite and PostgreSQL.</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
