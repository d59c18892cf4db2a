using System.Globalization;
using System.Text.Json;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Web.Features.Profile;

/// <summary>
/// Turns Myinfo v3 person data into display text: code tables as "description (code)", SG and
/// unformatted addresses as postal lines, phone numbers as "+65 97399245", dates spelled out, nested
/// objects and arrays as nested lists, and unavailable data as such. Every field notes its source.
/// Produces plain strings only; the views HTML-encode them.
/// </summary>
public static class ProfileViewBuilder
{
    /// <summary>Singapore time, for showing when the data was retrieved and when it goes.</summary>
    private static readonly TimeSpan Singapore = TimeSpan.FromHours(8);

    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal) { "lastupdated", "source", "classification", "unavailable" };

    private static readonly string[] PersonalAttributes =
    [
        "name", "aliasname", "hanyupinyinname", "hanyupinyinaliasname", "marriedname", "uinfin", "sex", "dob",
        "race", "secondaryrace", "dialect", "nationality", "birthcountry", "residentialstatus", "passtype",
        "passstatus", "passexpirydate", "marital",
    ];

    private static readonly string[] ContactAttributes = ["mobileno", "homeno", "email", "regadd", "mailadd", "billadd"];

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Name",
        ["aliasname"] = "Alias name",
        ["hanyupinyinname"] = "Hanyu Pinyin name",
        ["hanyupinyinaliasname"] = "Hanyu Pinyin alias name",
        ["marriedname"] = "Married name",
        ["uinfin"] = "NRIC/FIN",
        ["sex"] = "Sex",
        ["dob"] = "Date of birth",
        ["race"] = "Race",
        ["secondaryrace"] = "Secondary race",
        ["dialect"] = "Dialect",
        ["nationality"] = "Nationality",
        ["birthcountry"] = "Country of birth",
        ["residentialstatus"] = "Residential status",
        ["passtype"] = "Pass type",
        ["passstatus"] = "Pass status",
        ["passexpirydate"] = "Pass expiry date",
        ["marital"] = "Marital status",
        ["marriagedate"] = "Date of marriage",
        ["marriagecertno"] = "Marriage certificate number",
        ["countryofmarriage"] = "Country of marriage",
        ["divorcedate"] = "Date of divorce",
        ["mobileno"] = "Mobile number",
        ["homeno"] = "Home number",
        ["email"] = "Email address",
        ["regadd"] = "Registered address",
        ["mailadd"] = "Mailing address",
        ["billadd"] = "Billing address",
        ["housingtype"] = "Housing type",
        ["hdbtype"] = "HDB flat type",
        ["hdbownership"] = "HDB ownership",
        ["ownerprivate"] = "Owns private property",
        ["edulevel"] = "Highest education level",
        ["schoolname"] = "School",
        ["gradyear"] = "Year of graduation",
        ["occupation"] = "Occupation",
        ["employment"] = "Employer",
        ["employmentsector"] = "Employment sector",
        ["cpfcontributions"] = "CPF contributions",
        ["cpfbalances"] = "CPF balances",
        ["cpfemployers"] = "CPF employers",
        ["noa-basic"] = "Notice of assessment (basic)",
        ["noa"] = "Notice of assessment",
        ["noahistory-basic"] = "Notice of assessment history (basic)",
        ["noahistory"] = "Notice of assessment history",
        ["vehicles"] = "Vehicles",
        ["drivinglicence"] = "Driving licence",
        ["childrenbirthrecords"] = "Children's birth records",
        ["sponsoredchildrenrecords"] = "Sponsored children",
        ["merdekagen"] = "Merdeka Generation",
        ["silversupport"] = "Silver Support",
        ["gstvoucher"] = "GST Voucher",
        ["birthcertno"] = "Birth certificate number",
        ["tob"] = "Time of birth",
        ["lifestatus"] = "Life status",
        ["vehicleno"] = "Vehicle number",
        ["make"] = "Make",
        ["model"] = "Model",
        ["type"] = "Type",
        ["status"] = "Status",
        ["ma"] = "MediSave Account",
        ["oa"] = "Ordinary Account",
        ["sa"] = "Special Account",
        ["ra"] = "Retirement Account",
        ["yearofassessment"] = "Year of assessment",
        ["amount"] = "Amount",
        ["employer"] = "Employer",
        ["date"] = "Date",
        ["month"] = "Month",
        ["nric"] = "NRIC",
        ["eligibility"] = "Eligibility",
    };

    public static ProfileViewModel Build(ResidentProfile profile, IReadOnlyList<string> configuredAttributes, bool revealUinfin)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(configuredAttributes);
        var person = profile.Person;

        // The configured attributes in order, then anything else Myinfo sent.
        var names = configuredAttributes.Concat(person.AttributeNames).Distinct(StringComparer.Ordinal).ToList();
        var fields = names.Select(name => person.Attribute(name) is { } value
                ? Top(name, value, revealUinfin)
                : new ProfileFieldView(name, Label(name), [], [], true, "Not returned by Myinfo"))
            .ToList();

        var groups = new List<ProfileGroupView>();
        AddGroup(groups, "personal", "Personal details", fields.Where(f => PersonalAttributes.Contains(f.Key)).OrderBy(f => Array.IndexOf(PersonalAttributes, f.Key)));
        AddGroup(groups, "contact", "Contact and address", fields.Where(f => ContactAttributes.Contains(f.Key)).OrderBy(f => Array.IndexOf(ContactAttributes, f.Key)));
        AddGroup(groups, "other", "Other details", fields.Where(f => !PersonalAttributes.Contains(f.Key) && !ContactAttributes.Contains(f.Key)));

        return new ProfileViewModel(
            person.Name,
            groups,
            revealUinfin,
            LocalTime(profile.RetrievedAt),
            LocalTime(profile.ExpiresAt),
            profile.Provider == Data.SignInProvider.Singpass ? "Myinfo through Singpass" : "Myinfo");
    }

    public static ProfileFieldView Top(string name, JsonElement attribute, bool revealUinfin)
    {
        var field = Describe(name, Label(name), attribute);
        var source = SourceNote(attribute);
        field = field with { SourceNote = source };
        if (name == "uinfin" && !field.Unavailable && field.Lines.Count == 1)
        {
            field = field with
            {
                Kind = ProfileFieldKind.Uinfin,
                Revealed = revealUinfin,
                Lines = [revealUinfin ? Nric.Normalise(field.Lines[0]) : Nric.Mask(field.Lines[0])],
            };
        }

        return field;
    }

    /// <summary>"From Myinfo · Government-verified · updated 14 July 2022".</summary>
    public static string SourceNote(JsonElement attribute)
    {
        var parts = new List<string> { "From Myinfo" };
        if (attribute.ValueKind == JsonValueKind.Object)
        {
            var source = attribute.TryGetProperty("source", out var s) ? Text(s) : null;
            parts.Add(source switch
            {
                "1" => "Government-verified",
                "2" => "User-provided",
                "3" => "Not applicable",
                "4" => "Verified by Singpass",
                _ => "Source not stated",
            });
            if (attribute.TryGetProperty("lastupdated", out var updated) && Text(updated) is { } date && TryFormatDate(date, out var formatted))
            {
                parts.Add("updated " + formatted);
            }
        }

        return string.Join(" · ", parts);
    }

    public static ProfileFieldView Describe(string key, string label, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.TryGetProperty("unavailable", out var u) && u.ValueKind == JsonValueKind.True:
                return new ProfileFieldView(key, label, [], [], true, null);

            case JsonValueKind.Object when element.TryGetProperty("value", out var value):
                return Lines(key, label, FormatValue(value));

            case JsonValueKind.Object when element.TryGetProperty("code", out _) || element.TryGetProperty("desc", out _):
                return Lines(key, label, CodeAndDescription(element));

            case JsonValueKind.Object when AddressType(element) is "SG" or "Unformatted":
                return new ProfileFieldView(key, label, AddressLines(element), [], false, null, ProfileFieldKind.Address);

            case JsonValueKind.Object when element.TryGetProperty("nbr", out _):
                return Lines(key, label, Phone(element));

            case JsonValueKind.Object:
                var children = element.EnumerateObject()
                    .Where(p => !Metadata.Contains(p.Name))
                    .Select(p => Describe(key + "-" + p.Name, Label(p.Name), p.Value))
                    .ToList();
                return children.Count == 0
                    ? new ProfileFieldView(key, label, [], [], true, null)
                    : new ProfileFieldView(key, label, [], children, false, null);

            case JsonValueKind.Array:
                var items = element.EnumerateArray().Select((item, i) => Describe(key + "-" + (i + 1).ToString(CultureInfo.InvariantCulture), ItemLabel(item, i), item)).ToList();
                return items.Count == 0
                    ? Lines(key, label, "None")
                    : new ProfileFieldView(key, label, [], items, false, null);

            default:
                return Lines(key, label, FormatValue(element));
        }
    }

    public static string Label(string key) =>
        Labels.TryGetValue(key, out var label) ? label
        : key.Length == 0 ? key
        : char.ToUpperInvariant(key[0]) + key[1..].Replace('-', ' ').Replace('_', ' ');

    public static IReadOnlyList<string> AddressLines(JsonElement address)
    {
        if (AddressType(address) == "Unformatted")
        {
            return new[] { Nested(address, "line1"), Nested(address, "line2") }.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()).ToList();
        }

        var block = Nested(address, "block");
        var building = Nested(address, "building");
        var floor = Nested(address, "floor");
        var unit = Nested(address, "unit");
        var street = Nested(address, "street");
        var postal = Nested(address, "postal");

        var lines = new List<string?>
        {
            JoinWords(string.IsNullOrWhiteSpace(block) ? null : "BLK " + block.Trim(), building),
            JoinWords(string.IsNullOrWhiteSpace(floor) && string.IsNullOrWhiteSpace(unit) ? null : "#" + floor?.Trim() + "-" + unit?.Trim(), street),
            string.IsNullOrWhiteSpace(postal) ? null : "SINGAPORE " + postal.Trim(),
        };
        return lines.Where(l => !string.IsNullOrEmpty(l)).Select(l => l!).ToList();
    }

    /// <summary>prefix + area code, a space, the number: "+65 97399245".</summary>
    public static string Phone(JsonElement phone)
    {
        var number = Nested(phone, "nbr");
        if (string.IsNullOrWhiteSpace(number))
        {
            return "Not provided";
        }

        return (Nested(phone, "prefix") + Nested(phone, "areacode")).Trim() is { Length: > 0 } country
            ? country + " " + number.Trim()
            : number.Trim();
    }

    private static void AddGroup(List<ProfileGroupView> groups, string id, string title, IEnumerable<ProfileFieldView> fields)
    {
        var list = fields.ToList();
        if (list.Count > 0)
        {
            groups.Add(new ProfileGroupView(id, title, list));
        }
    }

    private static ProfileFieldView Lines(string key, string label, string line) => new(key, label, [line], [], false, null);

    private static string CodeAndDescription(JsonElement element)
    {
        var code = element.TryGetProperty("code", out var c) ? Text(c) : null;
        var desc = element.TryGetProperty("desc", out var d) ? Text(d) : null;
        return (string.IsNullOrWhiteSpace(desc), string.IsNullOrWhiteSpace(code)) switch
        {
            (false, false) => $"{desc!.Trim()} ({code!.Trim()})",
            (false, true) => desc!.Trim(),
            (true, false) => code!.Trim(),
            _ => "Not provided",
        };
    }

    private static string FormatValue(JsonElement value)
    {
        var text = Text(value);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Not provided";
        }

        return TryFormatDate(text, out var date) ? date : text;
    }

    private static string? AddressType(JsonElement element) =>
        element.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Object ? Nested(element, "type") : Text(type)
            : null;

    private static string ItemLabel(JsonElement item, int index)
    {
        foreach (var key in new[] { "name", "vehicleno", "birthcertno" })
        {
            if (item.ValueKind == JsonValueKind.Object && Nested(item, key) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return "Record " + (index + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The text of <c>parent.child</c>, where the child is either <c>{"value": ..}</c>, <c>{"code","desc"}</c> or a plain value.</summary>
    private static string? Nested(JsonElement parent, string child)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(child, out var element))
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("value", out var value))
            {
                return Text(value);
            }

            return element.TryGetProperty("desc", out var desc) ? Text(desc) : element.TryGetProperty("code", out var code) ? Text(code) : null;
        }

        return Text(element);
    }

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        _ => null,
    };

    private static string? JoinWords(params string?[] parts)
    {
        var words = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return words.Count == 0 ? null : string.Join(' ', words);
    }

    private static bool TryFormatDate(string text, out string formatted)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            formatted = date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            return true;
        }

        formatted = text;
        return false;
    }

    private static string LocalTime(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Singapore).ToString("d MMMM yyyy, h:mm tt 'SGT'", CultureInfo.InvariantCulture);
}
