using System.Security.Cryptography;
using System.Text;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Compact JWE with RSA-OAEP key wrapping (OAEP with SHA-1, as RFC 7518 section 4.3 defines it) and
/// AES-256-GCM content encryption, written on System.Security.Cryptography because
/// Microsoft.IdentityModel cannot do A256GCM on Linux. A128CBC-HS256 is accepted on decrypt only,
/// for older Myinfo peers.
/// </summary>
public static class JweCodec
{
    /// <summary>Person responses are a few kilobytes; anything near a megabyte is refused unread.</summary>
    public const int MaxCompactLength = 1024 * 1024;

    private const string Alg = "RSA-OAEP";
    private const string EncGcm = "A256GCM";
    private const string EncCbc = "A128CBC-HS256";

    public static string Encrypt(ReadOnlySpan<byte> plaintext, RSA recipientPublicKey, string? keyId = null)
    {
        var header = keyId is null
            ? $$"""{"alg":"{{Alg}}","enc":"{{EncGcm}}"}"""
            : $$"""{"alg":"{{Alg}}","enc":"{{EncGcm}}","kid":{{System.Text.Json.JsonSerializer.Serialize(keyId)}}}""";
        var protectedHeader = Base64Url.Encode(Encoding.UTF8.GetBytes(header));

        var cek = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        try
        {
            var encryptedKey = recipientPublicKey.Encrypt(cek, RSAEncryptionPadding.OaepSHA1);
            using (var gcm = new AesGcm(cek, tag.Length))
            {
                gcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(protectedHeader));
            }

            return string.Join('.', protectedHeader, Base64Url.Encode(encryptedKey), Base64Url.Encode(iv),
                Base64Url.Encode(ciphertext), Base64Url.Encode(tag));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }
    }

    public static byte[] Decrypt(string compact, RSA recipientPrivateKey)
    {
        ArgumentNullException.ThrowIfNull(compact);
        if (compact.Length > MaxCompactLength)
        {
            throw new JoseException("JWE is larger than the limit");
        }

        var parts = compact.Split('.');
        if (parts.Length != 5)
        {
            throw new JoseException("JWE does not have five segments");
        }

        var header = JoseHeader.Parse(parts[0]);
        if (JoseHeader.GetString(header, "alg") != Alg)
        {
            throw new JoseException("JWE alg is not RSA-OAEP");
        }

        if (header.ContainsKey("zip"))
        {
            throw new JoseException("JWE compression is not accepted");
        }

        var enc = JoseHeader.GetString(header, "enc");
        var encryptedKey = Base64Url.Decode(parts[1]);
        var iv = Base64Url.Decode(parts[2]);
        var ciphertext = Base64Url.Decode(parts[3]);
        var tag = Base64Url.Decode(parts[4]);
        var aad = Encoding.ASCII.GetBytes(parts[0]);

        byte[] cek;
        try
        {
            cek = recipientPrivateKey.Decrypt(encryptedKey, RSAEncryptionPadding.OaepSHA1);
        }
        catch (CryptographicException)
        {
            throw new JoseException("JWE key unwrap failed");
        }

        try
        {
            return enc switch
            {
                EncGcm => DecryptGcm(cek, iv, ciphertext, tag, aad),
                EncCbc => DecryptCbcHmac(cek, iv, ciphertext, tag, aad),
                _ => throw new JoseException("JWE enc is not allowed"),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }
    }

    private static byte[] DecryptGcm(byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
    {
        if (cek.Length != 32 || iv.Length != 12 || tag.Length != 16)
        {
            throw new JoseException("JWE A256GCM parameters have the wrong length");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(cek, tag.Length);
            gcm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return plaintext;
        }
        catch (CryptographicException)
        {
            throw new JoseException("JWE authentication tag did not verify");
        }
    }

    private static byte[] DecryptCbcHmac(byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
    {
        // RFC 7518 section 5.2.2: MAC key is the first half of the CEK, encryption key the second.
        if (cek.Length != 32 || iv.Length != 16 || tag.Length != 16)
        {
            throw new JoseException("JWE A128CBC-HS256 parameters have the wrong length");
        }

        var macInput = new byte[aad.Length + iv.Length + ciphertext.Length + 8];
        aad.CopyTo(macInput, 0);
        iv.CopyTo(macInput, aad.Length);
        ciphertext.CopyTo(macInput, aad.Length + iv.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(macInput.AsSpan(macInput.Length - 8), (ulong)aad.Length * 8);
        var mac = HMACSHA256.HashData(cek.AsSpan(0, 16), macInput);
        if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, 16), tag))
        {
            throw new JoseException("JWE authentication tag did not verify");
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = cek[16..];
            return aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            throw new JoseException("JWE padding is invalid");
        }
    }
}
