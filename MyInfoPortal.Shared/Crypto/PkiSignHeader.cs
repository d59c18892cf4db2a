namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// Parses an incoming <c>Authorization: PKI_SIGN k="v",...[,Bearer token]</c> header, as the
/// simulators receive it. Quoted values, any order, no duplicates.
/// </summary>
public sealed record PkiSignHeader(string AppId, string Nonce, string SignatureMethod, string Signature, long Timestamp, string? BearerToken)
{
    public const int MaxLength = 16 * 1024;

    public static bool TryParse(string? header, out PkiSignHeader? parsed)
    {
        parsed = null;
        if (string.IsNullOrEmpty(header) || header.Length > MaxLength || !header.StartsWith(PkiSign.Scheme + " ", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = header[(PkiSign.Scheme.Length + 1)..];
        string? bearer = null;
        var bearerAt = rest.IndexOf(",Bearer ", StringComparison.Ordinal);
        if (bearerAt >= 0)
        {
            bearer = rest[(bearerAt + ",Bearer ".Length)..].Trim();
            rest = rest[..bearerAt];
            if (bearer.Length == 0)
            {
                return false;
            }
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rest.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"' || !fields.TryAdd(key, value[1..^1]))
            {
                return false;
            }
        }

        if (!fields.TryGetValue("app_id", out var appId) || !fields.TryGetValue("nonce", out var nonce) ||
            !fields.TryGetValue("signature_method", out var method) || !fields.TryGetValue("signature", out var signature) ||
            !fields.TryGetValue("timestamp", out var ts) || !long.TryParse(ts, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }

        parsed = new PkiSignHeader(appId, nonce, method, signature, timestamp, bearer);
        return true;
    }
}
