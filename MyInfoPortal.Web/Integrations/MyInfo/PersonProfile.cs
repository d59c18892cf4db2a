using System.Text.Json;

namespace MyInfoPortal.Web.Integrations.MyInfo;

/// <summary>
/// One person's Myinfo v3 data, as Myinfo sent it: one property per attribute, each carrying
/// lastupdated/source/classification and a value, a code and description, nested objects or arrays.
/// Immutable; serialises back to the same JSON.
/// </summary>
public sealed class PersonProfile
{
    public const int MaxDepth = 32;

    private PersonProfile(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public IEnumerable<string> AttributeNames => Root.EnumerateObject().Select(p => p.Name);

    public string? Uinfin => ValueOf("uinfin");

    public string? Name => ValueOf("name");

    /// <summary>The local eight digits when Myinfo holds a Singapore (+65) mobile number.</summary>
    public string? SingaporeMobileNumber
    {
        get
        {
            if (Attribute("mobileno") is not { ValueKind: JsonValueKind.Object } mobile)
            {
                return null;
            }

            var area = NestedValue(mobile, "areacode");
            var number = NestedValue(mobile, "nbr");
            return (area is null or "65") && number is { Length: 8 } && number.All(char.IsAsciiDigit) ? number : null;
        }
    }

    /// <summary>Parses the person JSON; throws <see cref="JsonException"/> if it is not a JSON object.</summary>
    public static PersonProfile Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return From(document.RootElement);
    }

    public static PersonProfile Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return From(document.RootElement);
    }

    public JsonElement? Attribute(string name) =>
        Root.TryGetProperty(name, out var value) ? value : null;

    /// <summary>The attribute's <c>value</c> as text, or null when absent or unavailable.</summary>
    public string? ValueOf(string name) =>
        Attribute(name) is { ValueKind: JsonValueKind.Object } attribute ? NestedValue(attribute, null) : null;

    public string ToJson() => Root.GetRawText();

    private static PersonProfile From(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Person data is not a JSON object.");
        }

        return new PersonProfile(root.Clone());
    }

    private static string? NestedValue(JsonElement parent, string? child)
    {
        var holder = parent;
        if (child is not null)
        {
            if (!parent.TryGetProperty(child, out holder) || holder.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
        }

        return holder.TryGetProperty("value", out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;
    }
}
