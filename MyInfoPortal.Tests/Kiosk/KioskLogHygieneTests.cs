using System.Text.RegularExpressions;
using MyInfoPortal.Tests.Infrastructure;
using static MyInfoPortal.Tests.Kiosk.KioskTestSupport;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>Staff and kiosk flows at Information level leave no full ID, mobile number, password or token in the logs.</summary>
public sealed partial class KioskLogHygieneTests
{
    [Fact]
    public async Task LogsHoldMaskedIdsOnlyAndNeverPasswordsOrMobileNumbers()
    {
        using var factory = new KioskFactory(backgroundDispatch: true);
        await CreateAccountAsync(factory);
        using var client = NewBrowser(factory);
        await SubmitLoginAsync(client, "alice", "Wrong\r\nInjected line S1234567D");
        await SubmitLoginAsync(client, "ghost", "guessing-password-123");
        await SubmitLoginAsync(client, "alice", Password);
        await SetUpAsync(client, MultiVenue, "VENUE1");

        await SubmitAsync(client, Visitor("S1234567D", "+65 9123 4567"));
        await SubmitAsync(client, Visitor("S1234567D", "91234567"));                       // suggestion shown
        await SubmitAsync(client, Visitor("T1234567J", "81234567", action: "checkout"));
        await SubmitAsync(client, Visitor("S1234567A", "92223333"));                       // refused by validation
        var refused = Visitor("F1234567N", "93334444");
        refused["TenantId"] = "VENUE9";
        await SubmitAsync(client, refused);                                                // refused by the gateway
        await client.GetAsync(new Uri("/kiosk/log.csv", UriKind.Relative));

        var lines = factory.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("*****567D", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[3103]", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.DoesNotMatch(FullNric(), line);
            Assert.DoesNotContain("eyJ", line, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
            Assert.DoesNotContain("guessing-password", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Injected line", line, StringComparison.Ordinal);
            Assert.DoesNotContain("ghost", line, StringComparison.Ordinal);
            foreach (var mobile in new[] { "91234567", "9123 4567", "81234567", "92223333", "93334444" })
            {
                Assert.DoesNotContain(mobile, line, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"[STFGM]\d{7}[A-Z]")]
    private static partial Regex FullNric();
}
