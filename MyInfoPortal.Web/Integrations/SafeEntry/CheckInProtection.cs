using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using MyInfoPortal.Web.Common;

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
/// found without decrypting anything. The key is a per-install random secret kept next to the Data
/// Protection keys and itself protected by them: the file alone is useless.
/// </summary>
public sealed class VisitorLookup
{
    private readonly Lazy<byte[]> _key;

    public VisitorLookup(IDataProtectionProvider provider, string secretPath)
    {
        var protector = provider.CreateProtector("MyInfoPortal.SafeEntry.VisitorLookup.v1");
        _key = new Lazy<byte[]>(() => LoadOrCreate(protector, secretPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>64 lower-case hex characters; equal for the same ID however it was typed.</summary>
    public string Compute(string sub) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(Nric.Normalise(sub))));

    private static byte[] LoadOrCreate(IDataProtector protector, string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, protector.Protect(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                // Not overwriting: when two instances race, the first file wins and both use it.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        return protector.Unprotect(File.ReadAllBytes(path));
    }
}
