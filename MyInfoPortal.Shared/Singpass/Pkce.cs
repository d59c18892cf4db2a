using System.Security.Cryptography;
using System.Text;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>RFC 7636 with S256, the only method Singpass accepts.</summary>
public static class Pkce
{
    /// <summary>32 random bytes, base64url: 43 characters from the unreserved set.</summary>
    public static string NewVerifier() => Crypto.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Crypto.Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
