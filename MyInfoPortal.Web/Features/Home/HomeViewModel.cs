using MyInfoPortal.Web.Integrations.MyInfo;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Web.Features.Home;

/// <summary>What the home page tells a resident before they go to Myinfo: what is asked for, and why.</summary>
public sealed record HomeViewModel(string Purpose, IReadOnlyList<string> Attributes, bool SingpassEnabled)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "Full name",
        ["aliasname"] = "Alias name",
        ["hanyupinyinname"] = "Hanyu Pinyin name",
        ["uinfin"] = "NRIC or FIN",
        ["sex"] = "Sex",
        ["dob"] = "Date of birth",
        ["race"] = "Race",
        ["nationality"] = "Nationality",
        ["birthcountry"] = "Country of birth",
        ["residentialstatus"] = "Residential status",
        ["passtype"] = "Pass type",
        ["passstatus"] = "Pass status",
        ["passexpirydate"] = "Pass expiry date",
        ["regadd"] = "Registered address",
        ["mailadd"] = "Mailing address",
        ["mobileno"] = "Mobile number",
        ["email"] = "Email address",
        ["marital"] = "Marital status",
        ["housingtype"] = "Housing type",
        ["hdbtype"] = "HDB flat type",
        ["occupation"] = "Occupation",
        ["employment"] = "Employer",
        ["edulevel"] = "Highest education level",
    };

    /// <summary>What either provider asks for: Singpass scopes (less <c>openid</c>) first when it is on, then Myinfo v3's attributes.</summary>
    public static HomeViewModel From(MyInfoOptions options, SingpassOptions singpass)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(singpass);
        var scopes = singpass.Enabled ? singpass.ScopeList.Where(s => s != "openid") : [];
        var attributes = scopes.Concat(options.AttributeList).Select(Label).Distinct(StringComparer.Ordinal).ToList();
        return new(options.Purpose, attributes, singpass.Enabled);
    }

    /// <summary>A reader's name for a Myinfo attribute code; unknown codes are shown as they are.</summary>
    public static string Label(string attribute) => Labels.TryGetValue(attribute, out var label) ? label : attribute;
}
