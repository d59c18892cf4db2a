using System.Security.Cryptography;

namespace MyInfoPortal.Tests.Infrastructure;

/// <summary>Passwords for throwaway test accounts, made per run so none is written down in the repository.</summary>
public static class TestSecrets
{
    public static string NewPassword(string prefix = "pw") => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
