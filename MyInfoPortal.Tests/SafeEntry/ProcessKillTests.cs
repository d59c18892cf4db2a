using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>The real process, killed with SIGKILL while submissions wait for the gateway, then started again.</summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class ProcessKillTests
{
    private const int Submissions = 6;

    private static readonly string[] Visitors = ["S1234567D", "T1234567J", "M5043078W", "S9960846C", "S9812381D", "S7204518A"];

    [Fact]
    public async Task SubmissionsPendingWhenTheProcessIsKilledAreAllDeliveredOnceAfterRestart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["SafeEntry:PollInterval"] = "00:00:00.500",
            ["SafeEntry:InitialBackoff"] = "00:00:00.500",
            ["SafeEntry:MaxBackoff"] = "00:00:01",
            ["SafeEntry:RequestTimeout"] = "00:00:02",
            ["SafeEntry:MaxAttempts"] = "100",

            // "Down" drops connections after the request arrived, which leaves the delivery unconfirmed.
            ["SafeEntry:UnconfirmedRetryDelay"] = "00:00:03",
        };
        await using var first = new PortalProcess(new Dictionary<string, string?>(settings) { ["Simulators:SafeEntry:Fault"] = "Down" });
        await first.StartAsync();

        // Submissions go in through the outbox of a second portal instance on the same data folder,
        // with its own dispatcher off: the running process has to find them in the database.
        using var writer = new SafeEntryFactory()
            .With("Portal:DataPath", first.DataFolder)
            .With("Portal:CertificatesPath", first.Folder.Combine("certs"));
        writer.Clock.Set(DateTimeOffset.UtcNow);
        var ids = new List<Guid>();
        for (var i = 0; i < Submissions; i++)
        {
            // One visitor each: a person's check-out waits behind their undelivered check-in, so during the
            // outage only each person's first submission would be tried.
            ids.Add((await writer.EnqueueAsync(SafeEntryFactory.Request(sub: Visitors[i], action: i % 2 == 0 ? "checkin" : "checkout"))).SubmissionId);
        }

        await WaitUntilAsync(writer, db => db.CheckIns.CountAsync(c => c.Attempts >= 2), Submissions, "every submission tried twice against the down gateway");
        first.Kill();
        Assert.True(first.Process!.HasExited);

        Assert.Equal(0, await writer.ReceiptCountAsync());
        Assert.Equal(Submissions, await writer.WithDbAsync(db => db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Pending || c.Status == CheckInStatus.Unconfirmed)));

        await using var second = new PortalProcess(settings, folder: first.Folder);
        await second.StartAsync();
        await WaitUntilAsync(writer, db => db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted), Submissions, "every submission accepted after the restart");

        // A little longer, in case anything was about to be sent a second time.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(Submissions, await writer.ReceiptCountAsync());
        Assert.Equal(Submissions, await writer.WithDbAsync(db => db.CheckIns.CountAsync(c => c.Status == CheckInStatus.Accepted && c.AcceptedAt != null)));
        Assert.Equal(Submissions, await writer.WithDbAsync(db => db.CheckIns.CountAsync()));
        Assert.Equal(ids.Order(), (await writer.WithDbAsync(db => db.CheckIns.Select(c => c.SubmissionId).ToListAsync())).Order());

        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(second.BaseUrl + "/sim/safeentry"));
        Assert.Contains($"({Submissions} in total)", page, StringComparison.Ordinal);

        var logs = string.Join('\n', Directory.GetFiles(first.LogsFolder).Select(File.ReadAllText)) + first.Output + second.Output;
        Assert.Contains("accepted by the gateway", logs, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("[STFGM][0-9]{7}[A-Z]"), logs);
        Assert.DoesNotContain("eyJ", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("92376345", logs, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(SafeEntryFactory factory, Func<PortalDbContext, Task<int>> count, int expected, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = await factory.WithDbAsync(count);
            if (last >= expected)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Timed out waiting for {what}: {last} of {expected}.");
    }
}
