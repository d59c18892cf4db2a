using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

/// <summary>Protects the full ID and mobile number of a stored check-in; only the dispatcher reads them back.</summary>
public sealed class CheckInProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MyInfoPortal.SafeEntry.CheckIn.v1");

    public string Protect(string value) => _protector.Protect(value);

    /// <exception cref="CryptographicException">The key is gone or the value was altered.</exception>
    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}

/// <summary>
/// A keyed hash (HMAC-SHA256) of a visitor's normalised ID, so "the same visitor earlier today" can be
/// found without decrypting anything. The key is a random per-install secret kept in the database (so
/// every instance computes the same hash) and encrypted with Data Protection there.
/// </summary>
public sealed class VisitorLookup(IServiceScopeFactory scopes, IDataProtectionProvider provider, TimeProvider time, ILogger<VisitorLookup> logger) : IDisposable
{
    public const string SecretName = "visitor-lookup-key";

    private readonly IDataProtector _protector = provider.CreateProtector("MyInfoPortal.SafeEntry.VisitorLookup.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    /// <summary>64 lower-case hex characters; equal for the same ID however it was typed.</summary>
    public async ValueTask<string> ComputeAsync(string sub, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Nric.Normalise(sub))));
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var stored = await db.InstallSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == SecretName, cancellationToken);
            if (stored is null)
            {
                db.InstallSecrets.Add(new InstallSecret
                {
                    Name = SecretName,
                    ProtectedValue = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                    CreatedAt = time.GetUtcNow().UtcDateTime,
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
                {
                    // Another instance made it first; use theirs.
                }

                db.ChangeTracker.Clear();
                stored = await db.InstallSecrets.AsNoTracking().SingleAsync(s => s.Name == SecretName, cancellationToken);
            }

            try
            {
                _key = Convert.FromBase64String(_protector.Unprotect(stored.ProtectedValue));
            }
            catch (CryptographicException)
            {
                // The Data Protection keys that sealed it are gone: start a new key rather than refuse
                // every check-in. Earlier visits simply stop matching.
                SafeEntryLog.LookupKeyReplaced(logger);
                var fresh = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                await db.InstallSecrets.Where(s => s.Name == SecretName && s.ProtectedValue == stored.ProtectedValue)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ProtectedValue, fresh), cancellationToken);
                var current = await db.InstallSecrets.AsNoTracking().SingleAsync(s => s.Name == SecretName, cancellationToken);
                _key = Convert.FromBase64String(_protector.Unprotect(current.ProtectedValue));
            }

            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
