using System.Text.Json.Nodes;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Person data in the Myinfo v3 shape, for the fake upstream.</summary>
public static class FakePersons
{
    public static JsonObject Standard(string uinfin = "S9812381D", string name = "TAN HENG HUAT") => new()
    {
        ["name"] = Attr(new JsonObject { ["value"] = name }),
        ["uinfin"] = Attr(new JsonObject { ["value"] = uinfin }),
        ["sex"] = Attr(new JsonObject { ["code"] = "M", ["desc"] = "MALE" }),
        ["dob"] = Attr(new JsonObject { ["value"] = "1988-10-06" }),
        ["nationality"] = Attr(new JsonObject { ["code"] = "SG", ["desc"] = "SINGAPORE CITIZEN" }),
        ["birthcountry"] = Attr(new JsonObject { ["code"] = "SG", ["desc"] = "SINGAPORE" }),
        ["regadd"] = Attr(new JsonObject
        {
            ["type"] = "SG",
            ["block"] = new JsonObject { ["value"] = "319" },
            ["building"] = new JsonObject { ["value"] = "" },
            ["floor"] = new JsonObject { ["value"] = "38" },
            ["unit"] = new JsonObject { ["value"] = "10" },
            ["street"] = new JsonObject { ["value"] = "ANCHORVALE DRIVE" },
            ["postal"] = new JsonObject { ["value"] = "542319" },
            ["country"] = new JsonObject { ["code"] = "SG", ["desc"] = "SINGAPORE" },
        }),
        ["mobileno"] = Attr(new JsonObject
        {
            ["prefix"] = new JsonObject { ["value"] = "+" },
            ["areacode"] = new JsonObject { ["value"] = "65" },
            ["nbr"] = new JsonObject { ["value"] = "97399245" },
        }, source: "4"),
        ["email"] = Unavailable("2"),
        ["vehicles"] = new JsonArray(
            Attr(new JsonObject
            {
                ["vehicleno"] = new JsonObject { ["value"] = "SJA1234Z" },
                ["make"] = new JsonObject { ["value"] = "TOYOTA" },
            })),
        ["cpfbalances"] = Attr(new JsonObject
        {
            ["ma"] = new JsonObject { ["value"] = 11470.71 },
            ["oa"] = new JsonObject { ["value"] = 1581.48 },
        }),
    };

    /// <summary>A foreign address in the Unformatted shape and a name with punctuation.</summary>
    public static JsonObject Unformatted(string uinfin = "S6005055D", string name = "MY.INFO:CC, 100% S/O TEST") => new()
    {
        ["name"] = Attr(new JsonObject { ["value"] = name }),
        ["uinfin"] = Attr(new JsonObject { ["value"] = uinfin }),
        ["sex"] = Attr(new JsonObject { ["code"] = "F", ["desc"] = "FEMALE" }),
        ["dob"] = Unavailable("3"),
        ["nationality"] = Attr(new JsonObject { ["code"] = "MY", ["desc"] = "MALAYSIAN" }),
        ["birthcountry"] = Attr(new JsonObject { ["code"] = "MY", ["desc"] = "MALAYSIA" }),
        ["regadd"] = Attr(new JsonObject
        {
            ["type"] = "Unformatted",
            ["line1"] = new JsonObject { ["value"] = "10 JALAN <b>BUKIT</b>" },
            ["line2"] = new JsonObject { ["value"] = "KUALA LUMPUR 50450" },
            ["country"] = new JsonObject { ["code"] = "MY", ["desc"] = "MALAYSIA" },
        }),
    };

    public static JsonObject Unavailable(string source) => new()
    {
        ["lastupdated"] = "2022-07-14",
        ["source"] = source,
        ["classification"] = "C",
        ["unavailable"] = true,
    };

    private static JsonObject Attr(JsonObject body, string source = "1")
    {
        body["lastupdated"] = "2022-07-14";
        body["source"] = source;
        body["classification"] = "C";
        return body;
    }
}
