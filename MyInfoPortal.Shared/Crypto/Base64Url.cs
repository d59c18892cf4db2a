namespace MyInfoPortal.Web.Crypto;

/// <summary>Base64url without padding (RFC 7515 section 2), strict on input.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static byte[] Decode(string text)
    {
        // The BCL decoder tolerates padding and whitespace; JOSE segments carry neither.
        foreach (var c in text)
        {
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!ok)
            {
                throw new JoseException("segment is not base64url");
            }
        }

        if (text.Length % 4 == 1)
        {
            throw new JoseException("segment has an impossible base64url length");
        }

        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            // Non-zero trailing bits (e.g. "AB"): not the canonical encoding of any bytes. Callers
            // rely on every malformed JOSE object surfacing as a JoseException.
            throw new JoseException("segment is not canonical base64url");
        }
    }
}
