using System.Text.Json;
using MyInfoPortal.Web.Features.Profile;
using MyInfoPortal.Web.Features.SignIn;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

public sealed class ProfileFormattingTests
{
    [Fact]
    public void SgAddressWithoutFloorAndUnitSkipsTheUnitLine()
    {
        var address = Parse("""{"type":"SG","block":{"value":"3"},"building":{"value":"HOLLAND PARK VILLAS"},"floor":{"value":""},"unit":{"value":""},"street":{"value":"HOLLAND PARK"},"postal":{"value":"249476"}}""");

        Assert.Equal(["BLK 3 HOLLAND PARK VILLAS", "HOLLAND PARK", "SINGAPORE 249476"], ProfileViewBuilder.AddressLines(address));
    }

    [Fact]
    public void SgAddressWithoutBuildingNameKeepsTheBlock()
    {
        var address = Parse("""{"type":"SG","block":{"value":"319"},"building":{"value":""},"floor":{"value":"38"},"unit":{"value":"10"},"street":{"value":"ANCHORVALE DRIVE"},"postal":{"value":"542319"}}""");

        Assert.Equal(["BLK 319", "#38-10 ANCHORVALE DRIVE", "SINGAPORE 542319"], ProfileViewBuilder.AddressLines(address));
    }

    [Fact]
    public void UnformattedAddressIsItsTwoLines()
    {
        var address = Parse("""{"type":"Unformatted","line1":{"value":"75 KG SG RAMAL LUAR"},"line2":{"value":"MALAYSIA"}}""");

        Assert.Equal(["75 KG SG RAMAL LUAR", "MALAYSIA"], ProfileViewBuilder.AddressLines(address));
    }

    [Theory]
    [InlineData("""{"prefix":{"value":"+"},"areacode":{"value":"65"},"nbr":{"value":"97399245"}}""", "+65 97399245")]
    [InlineData("""{"prefix":{"value":""},"areacode":{"value":""},"nbr":{"value":"97399245"}}""", "97399245")]
    [InlineData("""{"prefix":{"value":"+"},"areacode":{"value":"65"},"nbr":{"value":""}}""", "Not provided")]
    public void PhoneIsPrefixAreaCodeSpaceNumber(string json, string expected) =>
        Assert.Equal(expected, ProfileViewBuilder.Phone(Parse(json)));

    [Theory]
    [InlineData("1", "From Myinfo · Government-verified · updated 14 July 2022")]
    [InlineData("2", "From Myinfo · User-provided · updated 14 July 2022")]
    [InlineData("3", "From Myinfo · Not applicable · updated 14 July 2022")]
    [InlineData("4", "From Myinfo · Verified by Singpass · updated 14 July 2022")]
    public void SourceNoteNamesTheSource(string source, string expected) =>
        Assert.Equal(expected, ProfileViewBuilder.SourceNote(Parse($$"""{"lastupdated":"2022-07-14","source":"{{source}}","classification":"C","value":"x"}""")));

    [Fact]
    public void NestedObjectsAndArraysBecomeNestedFields()
    {
        var field = ProfileViewBuilder.Describe("childrenbirthrecords", "Children", Parse(
            """[{"name":{"value":"TAN XIAO MING"},"dob":{"value":"2011-09-10"},"sex":{"code":"M","desc":"MALE"},"source":"1","lastupdated":"2020-01-01","classification":"C"}]"""));

        var child = Assert.Single(field.Children);
        Assert.Equal("TAN XIAO MING", child.Label);
        Assert.Equal(["Name", "Date of birth", "Sex"], child.Children.Select(c => c.Label));
        Assert.Equal("10 September 2011", child.Children[1].Lines.Single());
        Assert.Equal("MALE (M)", child.Children[2].Lines.Single());
    }

    [Fact]
    public void UnavailableAttributeIsMarkedAsSuch()
    {
        var field = ProfileViewBuilder.Top("email", Parse("""{"lastupdated":"2022-07-14","source":"2","classification":"C","unavailable":true}"""), revealUinfin: false);

        Assert.True(field.Unavailable);
        Assert.Empty(field.Lines);
        Assert.Equal("From Myinfo · User-provided · updated 14 July 2022", field.SourceNote);
    }

    [Fact]
    public void UinfinIsMaskedUnlessRevealed()
    {
        var attribute = Parse("""{"lastupdated":"2022-07-14","source":"1","classification":"C","value":"S1234567D"}""");

        Assert.Equal("*****567D", ProfileViewBuilder.Top("uinfin", attribute, revealUinfin: false).Lines.Single());
        Assert.Equal("S1234567D", ProfileViewBuilder.Top("uinfin", attribute, revealUinfin: true).Lines.Single());
    }

    [Fact]
    public void SoDataTakesValueElseCodeElseTheObject()
    {
        var person = PersonProfile.Parse(FakePersons.Standard().ToJsonString());

        var sodata = SoDataMapper.Map(person, ["name", "sex", "regadd", "mobileno", "vehicles", "notreturned"]);

        Assert.Equal(["name", "sex", "regadd", "mobileno", "vehicles"], sodata.Keys);
        Assert.Equal("TAN HENG HUAT", sodata["name"].GetString());
        Assert.Equal("M", sodata["sex"].GetString());
        Assert.Equal("SG", sodata["regadd"].GetProperty("type").GetString());
        Assert.Equal("97399245", sodata["mobileno"].GetProperty("nbr").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Array, sodata["vehicles"].ValueKind);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
