using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Jose;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// What every compact object must be before jose-jwt works on it, and its protected header (read by
/// jose-jwt, not verified yet) with the parameters we never accept refused. The callers hold the
/// allow-lists; this only gathers the checks they share.
/// </summary>
internal static class JoseHeader
{
    private static readonly SearchValues<char> CompactAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>
    /// Size, segment count and alphabet, checked without decoding anything. The alphabet check also
    /// keeps jose-jwt from reading the JSON serialization or padded or whitespace-laden segments,
    /// which its own decoder would tolerate.
    /// </summary>
    public static void CheckShape(string compact, int maxLength, int segments, string kind, string segmentsInWords)
    {
        if (compact.Length > maxLength)
        {
            throw new JoseException(kind + " is larger than the limit");
        }

        if (compact.AsSpan().Count('.') != segments - 1)
        {
            throw new JoseException(kind + " does not have " + segmentsInWords + " segments");
        }

        if (compact.AsSpan().IndexOfAnyExcept(CompactAlphabet) >= 0)
        {
            throw new JoseException(kind + " segment is not base64url");
        }
    }

    public static IDictionary<string, object> Read(string compact, JwtSettings settings)
    {
        IDictionary<string, object>? header;
        try
        {
            header = JWT.Headers(compact, settings);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            throw new JoseException("protected header is not a JSON object");
        }

        if (header is null)
        {
            throw new JoseException("protected header is empty");
        }

        if (header.ContainsKey("crit"))
        {
            throw new JoseException("crit header parameter is not supported");
        }

        return header;
    }

    public static string? GetString(IDictionary<string, object> header, string name) =>
        header.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>
    /// What jose-jwt and the BCL raise on hostile input: its own exceptions, failed cryptography,
    /// malformed base64 or JSON, values of the wrong type. Callers turn these into a
    /// <see cref="JoseException"/> with a fixed reason, never with the library's message, which may
    /// quote header values.
    /// </summary>
    public static bool IsRefusal(Exception ex) =>
        ex is Jose.JoseException or CryptographicException or ArgumentException or FormatException or JsonException
            or InvalidOperationException or InvalidCastException or OverflowException or KeyNotFoundException;
}
