using System.Text.Json;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>
/// The JSON API's <c>sodata</c>: the seed connector's keys and shapes. Each configured attribute that
/// Myinfo returned becomes its <c>value</c>, else its <c>code</c>, else the whole object (so
/// <c>regadd</c> keeps the Myinfo address object, and arrays stay arrays).
/// </summary>
public static class SoDataMapper
{
    public static IReadOnlyDictionary<string, JsonElement> Map(PersonProfile person, IEnumerable<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(attributes);
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in attributes)
        {
            if (result.ContainsKey(name) || person.Attribute(name) is not { } attribute)
            {
                continue;
            }

            result[name] = Flatten(attribute);
        }

        return result;
    }

    public static JsonElement Flatten(JsonElement attribute)
    {
        if (attribute.ValueKind != JsonValueKind.Object)
        {
            return attribute;
        }

        if (attribute.TryGetProperty("value", out var value))
        {
            return value;
        }

        if (attribute.TryGetProperty("code", out var code))
        {
            return code;
        }

        return attribute;
    }
}
