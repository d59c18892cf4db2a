using System.Text.Json.Nodes;
using MyInfoPortal.Simulators.MyInfo;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Tests.Simulators;

public sealed class MyInfoPersonaTests
{
    [Fact]
    public void EveryPersonaHasAValidUniqueNricOrFinMatchingItsUinfin()
    {
        Assert.True(MyInfoPersonas.All.Count >= 12);
        Assert.Equal(MyInfoPersonas.All.Count, MyInfoPersonas.All.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(MyInfoPersonas.All, p =>
        {
            Assert.True(Nric.IsValid(p.Id), p.Id + " fails the NRIC/FIN checksum");
            Assert.Equal(p.Id, p.ToJson()["uinfin"]!["value"]!.GetValue<string>());
        });
    }

    [Fact]
    public void EveryFieldHasTheV3Envelope()
    {
        foreach (var persona in MyInfoPersonas.All)
        {
            foreach (var (name, node) in persona.ToJson())
            {
                var field = Assert.IsType<JsonObject>(node);
                Assert.True(field.ContainsKey("lastupdated"), $"{persona.Id}.{name} has no lastupdated");
                Assert.Contains(field["source"]!.GetValue<string>(), new[] { "1", "2", "3", "4" });
                Assert.Equal("C", field["classification"]!.GetValue<string>());
                var shapes = new[] { "value", "code", "type", "nbr", "unavailable" }.Count(field.ContainsKey);
                Assert.True(shapes == 1, $"{persona.Id}.{name} has {shapes} payload shapes");
            }
        }
    }

    [Fact]
    public void TheAwkwardCasesAreCovered()
    {
        var all = MyInfoPersonas.All.Select(p => p.ToJson()).ToList();
        string? Text(JsonObject p, string a, string f = "value") => p[a]?[f]?.GetValue<string>();

        Assert.Contains(all, p => p["regadd"]?["type"]?.GetValue<string>() == "Unformatted");
        Assert.Contains(all, p => p.Any(f => f.Value?["unavailable"]?.GetValue<bool>() == true));
        Assert.Contains(MyInfoPersonas.All, p => p.Id.StartsWith('M') && p.Id.EndsWith('J'));
        Assert.Contains(all, p => Text(p, "name")!.Contains(',', StringComparison.Ordinal)
            && Text(p, "name")!.Contains('%', StringComparison.Ordinal) && Text(p, "name")!.Contains('/', StringComparison.Ordinal));
        Assert.Contains(all, p => Text(p, "nationality", "code") is not ("SG" or null) && Text(p, "birthcountry", "code") is not ("SG" or null)
            && Text(p, "nationality", "code") == Text(p, "birthcountry", "code"));
        Assert.Contains(all, p => Text(p, "residentialstatus", "code") == "P");
        Assert.Contains(all, p => Text(p, "name")!.Any(c => c > 127));
    }

    [Fact]
    public void SelectReturnsCopiesAndMarksMissingAttributesUnavailable()
    {
        var persona = MyInfoPersonas.Find("S5502917B")!;

        var first = persona.Select(["name", "vehicles"]);
        first["name"]!["value"] = "CHANGED";
        var second = persona.Select(["name", "vehicles"]);

        Assert.Equal("ONG AH MOI", second["name"]!["value"]!.GetValue<string>());
        Assert.True(second["vehicles"]!["unavailable"]!.GetValue<bool>());
        Assert.True(persona.Select(["email"])["email"]!["unavailable"]!.GetValue<bool>());
        Assert.Null(MyInfoPersonas.Find("S0000001I"));
    }
}
