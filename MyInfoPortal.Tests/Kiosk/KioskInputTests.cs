using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Kiosk;

namespace MyInfoPortal.Tests.Kiosk;

public sealed class KioskInputTests
{
    private static readonly KioskDevice Device = new("STG-180000001W-83338-SEQRSELFTESTSINGLE-SE", null, KioskActions.CheckIn);

    [Theory]
    [InlineData("91234567", "91234567")]
    [InlineData("81234567", "81234567")]
    [InlineData("+6591234567", "91234567")]
    [InlineData("+65 9123 4567", "91234567")]
    [InlineData("6591234567", "91234567")]
    [InlineData("65 9123 4567", "91234567")]
    [InlineData("006591234567", "91234567")]
    [InlineData("0065 9123 4567", "91234567")]
    [InlineData(" 9123 4567 ", "91234567")]
    [InlineData("9123-4567", "91234567")]
    public void MobileNumbersAreNormalisedToEightDigits(string input, string expected)
    {
        Assert.True(MobileNumber.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("61234567")]
    [InlineData("71234567")]
    [InlineData("9123456")]
    [InlineData("912345678")]
    [InlineData("+6691234567")]
    [InlineData("+65 6123 4567")]
    [InlineData("9123456a")]
    [InlineData("65912345")]
    [InlineData("+65")]
    public void NonSingaporeMobileNumbersAreRefused(string input)
    {
        Assert.False(MobileNumber.TryNormalise(input, out _));
    }

    [Theory]
    [InlineData("https://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-MYCOMPANYNAME-SE", "PROD-201900099X-123456-MYCOMPANYNAME-SE")]
    [InlineData("https://www.safeentry-qr.gov.sg/tenant/PROD-201900099X-123456-MYCOMPANYNAME-SE", "PROD-201900099X-123456-MYCOMPANYNAME-SE")]
    [InlineData("https://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-MYCOMPANYNAME-SE/", "PROD-201900099X-123456-MYCOMPANYNAME-SE")]
    [InlineData("https://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-MYCOMPANYNAME-SE?utm=x#top", "PROD-201900099X-123456-MYCOMPANYNAME-SE")]
    [InlineData("  https://temperaturepass.ndi-api.gov.sg/login/STG-180000001W-83338-SEQRSELFTESTSINGLE-SE  ", "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE")]
    [InlineData("STG-180000001W-83338-SEQRSELFTESTSINGLE-SE", "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE")]
    [InlineData(" stg-180000001w-83338-seqrselftestsingle-se ", "STG-180000001W-83338-SEQRSELFTESTSINGLE-SE")]
    public void VenueIdIsTheLastPathSegmentOfTheQrUrlOrTheBareId(string input, string expected)
    {
        Assert.True(VenueIds.TryParseVenue(input, out var venueId));
        Assert.Equal(expected, venueId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("https://www.safeentry-qr.gov.sg/")]
    [InlineData("https://www.safeentry-qr.gov.sg/login/")]
    [InlineData("https://www.safeentry-qr.gov.sg/other/PROD-201900099X-123456-X-SE")]
    [InlineData("javascript://alert(1)/login/PROD-X")]
    [InlineData("ftp://www.safeentry-qr.gov.sg/login/PROD-201900099X-123456-X-SE")]
    [InlineData("PROD 2019 SPACES")]
    [InlineData("<script>")]
    [InlineData("AB")]
    [InlineData("PROD-201900099X-123456-MYCOMPANYNAME-SE\r\nX")]
    public void MalformedVenuesAreRefused(string input)
    {
        Assert.False(VenueIds.TryParseVenue(input, out _));
    }

    [Fact]
    public void OverlongVenueIdsAreRefused()
    {
        Assert.True(VenueIds.TryParseVenue(new string('A', 128), out _));
        Assert.False(VenueIds.TryParseVenue(new string('A', 129), out _));
    }

    [Fact]
    public void ValidInputIsTrimmedUpperCasedAndNormalised()
    {
        var errors = new Dictionary<string, string>();
        var id = Guid.NewGuid();

        var valid = KioskValidator.Validate(
            new KioskInput { SubmissionId = id, ActionType = " CheckIn ", SubType = "uinfin", Sub = "  m5043078w ", MobileNo = "+65 8123 4567" },
            Device,
            errors);

        Assert.Empty(errors);
        Assert.NotNull(valid);
        Assert.Equal(new ValidSubmission(id, "checkin", "uinfin", "M5043078W", "81234567", Device.VenueId, null), valid);
    }

    [Theory]
    [InlineData("uinfin", "S1234567A", "Sub")]
    [InlineData("uinfin", "S123", "Sub")]
    [InlineData("uinfin", "", "Sub")]
    [InlineData("others", "AB", "Sub")]
    [InlineData("others", "E1234567_X", "Sub")]
    [InlineData("others", "ABCDEFGHIJKLMNOPQRSTU", "Sub")]
    [InlineData("passport", "E1234567", "SubType")]
    public void InvalidIdsAreReportedOnTheirField(string subType, string sub, string field)
    {
        var errors = new Dictionary<string, string>();

        var valid = KioskValidator.Validate(
            new KioskInput { SubmissionId = Guid.NewGuid(), ActionType = "checkin", SubType = subType, Sub = sub, MobileNo = "91234567" },
            Device,
            errors);

        Assert.Null(valid);
        Assert.Contains(field, errors.Keys);
        Assert.False(string.IsNullOrWhiteSpace(errors[field]));
    }

    [Theory]
    [InlineData("E1234567")]
    [InlineData("K-1234-X")]
    [InlineData("abc")]
    [InlineData("ABCDEFGHIJKLMNOPQRST")]
    public void OtherIdsOfThreeToTwentyLettersDigitsAndHyphensAreAccepted(string sub)
    {
        var errors = new Dictionary<string, string>();

        var valid = KioskValidator.Validate(
            new KioskInput { SubmissionId = Guid.NewGuid(), ActionType = "checkout", SubType = "others", Sub = sub, MobileNo = "91234567" },
            Device,
            errors);

        Assert.Empty(errors);
        Assert.Equal(sub.ToUpperInvariant(), valid!.Sub);
    }

    [Fact]
    public void StaffOverrideReplacesVenueAndTenant()
    {
        var errors = new Dictionary<string, string>();
        var device = Device with { TenantId = "VENUE1" };

        var venueOnly = KioskValidator.Validate(
            new KioskInput { SubmissionId = Guid.NewGuid(), ActionType = "checkin", SubType = "uinfin", Sub = "S1234567D", MobileNo = "91234567", VenueId = "https://www.safeentry-qr.gov.sg/login/PROD-OTHER-SE" },
            device,
            errors);
        var tenantOnly = KioskValidator.Validate(
            new KioskInput { SubmissionId = Guid.NewGuid(), ActionType = "checkin", SubType = "uinfin", Sub = "S1234567D", MobileNo = "91234567", TenantId = "VENUE2" },
            device,
            errors);

        Assert.Empty(errors);
        Assert.Equal(("PROD-OTHER-SE", (string?)null), (venueOnly!.VenueId, venueOnly.TenantId));
        Assert.Equal((Device.VenueId, (string?)"VENUE2"), (tenantOnly!.VenueId, tenantOnly.TenantId));
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var errors = new Dictionary<string, string>();

        KioskValidator.Validate(
            new KioskInput { SubmissionId = Guid.Empty, ActionType = "enter", SubType = "uinfin", Sub = "S1234567A", MobileNo = "6123 4567", VenueId = "no spaces allowed", TenantId = "bad tenant!" },
            Device,
            errors);

        Assert.Equal(new[] { "", "ActionType", "MobileNo", "Sub", "TenantId", "VenueId" }, errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    public static TheoryData<string, string> GatewayMessages() => new()
    {
        { "Missing venueId", "VenueId" },
        { "Invalid venue", "VenueId" },
        { "Missing tenantId", "TenantId" },
        { "Invalid tenantId", "TenantId" },
        { "Missing mobileno", "MobileNo" },
        { "Invalid mobileno", "MobileNo" },
        { "Missing actionType", "ActionType" },
        { "Invalid actionType", "ActionType" },
        { "Missing sub", "Sub" },
        { "Invalid uinfin", "Sub" },
        { "Invalid passport no", "Sub" },
        { "Missing subType", "SubType" },
        { "Invalid subType", "SubType" },
        { "Missing sub type", "SubType" },
        { "Invalid sub type", "SubType" },
    };

    [Theory]
    [MemberData(nameof(GatewayMessages))]
    public void EachGateway400MessageMapsToItsField(string message, string field)
    {
        var bare = GatewayErrors.Map(message);
        var wrapped = GatewayErrors.Map($"400: {message}");

        Assert.Equal(field, bare!.Field);
        Assert.Equal(field, wrapped!.Field);
        Assert.Equal(message, bare.GatewayMessage);
    }

    [Fact]
    public void UnknownGatewayMessagesStayFormWide()
    {
        var mapped = GatewayErrors.Map("Something new");

        Assert.Null(mapped!.Field);
        Assert.Contains("Something new", mapped.Message, StringComparison.Ordinal);
        Assert.Null(GatewayErrors.Map(null));
    }

    [Fact]
    public void CsvCellsThatASpreadsheetWouldRunAreDefused()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.Cell("=HYPERLINK(\"http://x\")"));
        Assert.Equal("\"'+1\"", Csv.Cell("+1"));
        Assert.Equal("\"'-1+2\"", Csv.Cell("-1+2"));
        Assert.Equal("\"'@SUM(A1)\"", Csv.Cell("@SUM(A1)"));
        Assert.Equal("\"'\tx\"", Csv.Cell("\tx"));
        Assert.Equal("\"*****567D\"", Csv.Cell("*****567D"));
        Assert.Equal("\"a,b\"", Csv.Cell("a,b"));
    }

    [Fact]
    public void CheckedInCountsCheckInsMinusCheckOutsPerPerson()
    {
        static CheckIn Row(string person, string action, CheckInStatus status = CheckInStatus.Accepted, string venue = "V1") =>
            KioskTestSupport.LogEntry(person, action, status, venue);

        var counts = CheckInLogService.Count(
        [
            Row("a", "checkin"), Row("a", "checkout"),                      // came and went
            Row("b", "checkin"), Row("b", "checkin", CheckInStatus.Pending), // checked in twice: still one person
            Row("c", "checkin", CheckInStatus.NeedsAttention),               // inside, record not yet delivered
            Row("d", "checkout"),                                            // checked out only: not inside
            Row("e", "checkin", CheckInStatus.Failed),                       // refused by the gateway: not counted
            Row("a", "checkin", venue: "V2"),                                // same person at another venue
        ]);

        Assert.Equal(3, counts.CheckedIn);
        Assert.Equal(8, counts.Total);
        Assert.Equal(5, counts.CheckIns);
        Assert.Equal(2, counts.CheckOuts);
        Assert.Equal((5, 1, 1, 1), (counts.Accepted, counts.Pending, counts.Failed, counts.NeedsAttention));
    }
}
