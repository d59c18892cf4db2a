using System.Text.Json.Nodes;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// One simulated Myinfo v3 person. The data is kept private and every read returns a fresh copy, so
/// a caller can never change what the next request sees.
/// </summary>
public sealed class MyInfoPersona
{
    private readonly JsonObject _data;

    internal MyInfoPersona(string id, string summary, JsonObject data)
    {
        Id = id;
        Summary = summary;
        _data = data;
    }

    /// <summary>The persona's NRIC/FIN: the access token's <c>sub</c> and the person call's path segment.</summary>
    public string Id { get; }

    /// <summary>What this persona is for, shown on the picker (e.g. "Unformatted address").</summary>
    public string Summary { get; }

    public string Name => _data["name"] is JsonObject name && name["value"] is JsonValue value && value.TryGetValue(out string? text)
        ? text
        : Id;

    public IEnumerable<string> AttributeNames => _data.Select(p => p.Key);

    public bool Has(string attribute) => _data.ContainsKey(attribute);

    /// <summary>The whole record, as a copy.</summary>
    public JsonObject ToJson() => (JsonObject)_data.DeepClone();

    /// <summary>
    /// The person response for the requested attributes, in the order asked. An attribute this person
    /// has no record of comes back as Myinfo sends missing data: <c>unavailable: true</c>.
    /// </summary>
    public JsonObject Select(IEnumerable<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var result = new JsonObject();
        foreach (var attribute in attributes)
        {
            if (result.ContainsKey(attribute))
            {
                continue;
            }

            result[attribute] = _data.TryGetPropertyValue(attribute, out var node) && node is not null
                ? node.DeepClone()
                : PersonaBuilder.UnavailableField(PersonaBuilder.DefaultUpdated, "1");
        }

        return result;
    }
}

/// <summary>Builds persona records in the Myinfo v3 shape (lastupdated, source, classification + payload).</summary>
internal sealed class PersonaBuilder
{
    public const string DefaultUpdated = "2026-05-04";

    private readonly string _id;
    private readonly string _summary;
    private readonly JsonObject _data = [];
    private string _updated = DefaultUpdated;

    public PersonaBuilder(string id, string summary)
    {
        _id = id;
        _summary = summary;
        Value("uinfin", id);
    }

    /// <summary>Applies to the fields added after it.</summary>
    public PersonaBuilder Updated(string date)
    {
        _updated = date;
        return this;
    }

    public PersonaBuilder Value(string attribute, string value, string source = "1")
    {
        var field = Meta(source);
        field["value"] = value;
        _data[attribute] = field;
        return this;
    }

    public PersonaBuilder Code(string attribute, string code, string desc, string source = "1")
    {
        var field = Meta(source);
        field["code"] = code;
        field["desc"] = desc;
        _data[attribute] = field;
        return this;
    }

    public PersonaBuilder Unavailable(string attribute, string source = "1")
    {
        _data[attribute] = UnavailableField(_updated, source);
        return this;
    }

    public PersonaBuilder SgAddress(string block, string building, string floor, string unit, string street, string postal, string attribute = "regadd", string source = "1")
    {
        var field = Meta(source);
        field["type"] = "SG";
        field["block"] = Wrapped(block);
        field["building"] = Wrapped(building);
        field["floor"] = Wrapped(floor);
        field["unit"] = Wrapped(unit);
        field["street"] = Wrapped(street);
        field["postal"] = Wrapped(postal);
        field["country"] = new JsonObject { ["code"] = "SG", ["desc"] = "SINGAPORE" };
        _data[attribute] = field;
        return this;
    }

    public PersonaBuilder UnformattedAddress(string line1, string line2, string attribute = "regadd", string source = "1")
    {
        var field = Meta(source);
        field["type"] = "Unformatted";
        field["line1"] = Wrapped(line1);
        field["line2"] = Wrapped(line2);
        _data[attribute] = field;
        return this;
    }

    public PersonaBuilder Phone(string attribute, string number, string source = "2")
    {
        var field = Meta(source);
        field["prefix"] = Wrapped("+");
        field["areacode"] = Wrapped("65");
        field["nbr"] = Wrapped(number);
        _data[attribute] = field;
        return this;
    }

    /// <summary>Pass fields as Myinfo sends them for citizens and PRs: empty, source 3 (not applicable).</summary>
    public PersonaBuilder NoPass()
    {
        Code("passtype", string.Empty, string.Empty, "3");
        Value("passstatus", string.Empty, "3");
        return Value("passexpirydate", string.Empty, "3");
    }

    public PersonaBuilder Pass(string code, string desc, string status, string expiry)
    {
        Code("passtype", code, desc);
        Value("passstatus", status);
        return Value("passexpirydate", expiry);
    }

    public MyInfoPersona Build() => new(_id, _summary, _data);

    internal static JsonObject UnavailableField(string updated, string source) => new()
    {
        ["lastupdated"] = updated,
        ["source"] = source,
        ["classification"] = "C",
        ["unavailable"] = true,
    };

    private JsonObject Meta(string source) => new()
    {
        ["lastupdated"] = _updated,
        ["source"] = source,
        ["classification"] = "C",
    };

    private static JsonObject Wrapped(string value) => new() { ["value"] = value };
}
