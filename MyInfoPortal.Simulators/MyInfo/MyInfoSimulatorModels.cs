namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>What the persona picker posts.</summary>
public sealed class PersonaInput
{
    public string? Request { get; set; }

    public string? Persona { get; set; }
}

/// <summary>What the consent page posts.</summary>
public sealed class ConsentInput
{
    public string? Request { get; set; }

    public string? Decision { get; set; }
}

public sealed record PersonaSummary(string Id, string MaskedId, string Name, string Summary)
{
    public static PersonaSummary From(MyInfoPersona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        return new(persona.Id, Web.Common.Nric.Mask(persona.Id), persona.Name, persona.Summary);
    }
}

public sealed record AttributeItem(string Name, string Label);

public sealed record SimulatorHomeViewModel(
    IReadOnlyList<PersonaSummary> Personas,
    string ClientId,
    string RedirectUri,
    string AuthoriseUrl,
    string TokenUrl,
    string PersonUrl);

public sealed record PersonaPickerViewModel(
    string SealedRequest,
    string ClientId,
    string Purpose,
    IReadOnlyList<AttributeItem> Attributes,
    IReadOnlyList<PersonaSummary> Personas);

public sealed record ConsentViewModel(
    string SealedRequest,
    string ClientId,
    string Purpose,
    string PersonaName,
    string MaskedId,
    IReadOnlyList<AttributeItem> Attributes);

public sealed record SimulatorErrorViewModel(string Message);

/// <summary>Plain-language names for the attributes shown on the consent page.</summary>
public static class MyInfoAttributeLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["uinfin"] = "NRIC/FIN",
        ["name"] = "Principal name",
        ["aliasname"] = "Alias name",
        ["hanyupinyinname"] = "Hanyu Pinyin name",
        ["sex"] = "Sex",
        ["race"] = "Race",
        ["dob"] = "Date of birth",
        ["birthcountry"] = "Country/place of birth",
        ["nationality"] = "Nationality/citizenship",
        ["residentialstatus"] = "Residential status",
        ["marital"] = "Marital status",
        ["regadd"] = "Registered address",
        ["mobileno"] = "Mobile number",
        ["email"] = "Email address",
        ["hdbtype"] = "HDB type",
        ["housingtype"] = "Housing type",
        ["occupation"] = "Occupation",
        ["employment"] = "Name of employer",
        ["passtype"] = "Pass type",
        ["passstatus"] = "Pass status",
        ["passexpirydate"] = "Pass expiry date",
    };

    public static string For(string attribute) => Labels.GetValueOrDefault(attribute, attribute);

    public static IReadOnlyList<AttributeItem> Items(IEnumerable<string> attributes) =>
        attributes.Select(a => new AttributeItem(a, For(a))).ToList();
}
