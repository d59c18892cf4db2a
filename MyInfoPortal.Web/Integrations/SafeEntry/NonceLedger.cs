using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>
/// Records nonces under the (Scope, Nonce) unique index: an outbound nonce is written before the request
/// leaves, so it can never be sent twice; an inbound one is refused when seen before.
/// </summary>
public sealed class NonceLedger(PortalDbContext db, TimeProvider time)
{
    public const string SafeEntryOutbound = "safeentry-out";

    /// <summary>True when the nonce was new and is now recorded; false when it had been seen before.</summary>
    public async Task<bool> TryRecordAsync(string scope, string nonce, CancellationToken cancellationToken)
    {
        var row = new UsedNonce { Scope = scope, Nonce = nonce, SeenAt = time.GetUtcNow().UtcDateTime };
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
