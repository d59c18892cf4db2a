using System.Security.Cryptography;
using System.Text;

namespace MyInfoPortal.Web.Common;

public static class Hashing
{
    /// <summary>Lower-case hex SHA-256 of the UTF-8 text: how secrets (state, codes, cookies) are stored.</summary>
    public static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>32 random bytes, base64url: state values, binding secrets, session tokens.</summary>
    public static string NewSecret() => Crypto.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
}
