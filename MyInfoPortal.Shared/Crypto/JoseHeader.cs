using System.Text.Json;

namespace MyInfoPortal.Web.Crypto;

/// <summary>Reads a protected header and refuses the parameters we never accept.</summary>
internal static class JoseHeader
{
    public static Dictionary<string, JsonElement> Parse(string encoded)
    {
        Dictionary<string, JsonElement>? header;
        try
        {
            header = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64Url.Decode(encoded));
        }
        catch (JsonException)
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

    public static string? GetString(Dictionary<string, JsonElement> header, string name) =>
        header.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
