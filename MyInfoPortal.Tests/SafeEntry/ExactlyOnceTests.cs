using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Integrations.SafeEntry;
using Xunit.Abstractions;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>
/// Delivery as close to exactly once as an API without an idempotency key allows: an answer once received
/// is recorded even through a busy database, and a request whose outcome is unknown is not repeated at once.
/// </summary>
public sealed class ExactlyOnceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AcceptedAnswerIsRecordedThroughABusyDatabaseAndSentOnlyOnce()
    {
        var gateway = new RecordingGateway();
        var busy = new FailFirstOutcomeWrite();
        using var factory = new SafeEntryFactory
        {
            GatewayHandler = gateway,
            MoreServices = services => services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(busy)),
        };
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        busy.Armed = true;

        Assert.Equal(1, await factory.DispatchAsync());

        Assert.Equal(1, busy.Thrown);
        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LeaseUntil);
        Assert.Null(row.LastError);

        // Later passes find nothing to send: one POST in all.
        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Single(gateway.Requests);
        Assert.Contains(factory.Logs.Lines, l => l.Contains("[2023]", StringComparison.Ordinal) && l.Contains("SqliteException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimeoutAfterSendingIsUnconfirmedAndResentOnlyAfterTheDelay()
    {
        var gateway = new RecordingGateway().Hang();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }.With("SafeEntry:RequestTimeout", "00:00:00.500");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Unconfirmed, row.Status);
        Assert.Equal(SafeEntryOutcome.Timeout.Detail, row.LastError);
        Assert.Null(row.LeaseUntil);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime + SafeEntryFactory.UnconfirmedRetryDelay, row.NextAttemptAt);

        // Visitors see it as still on its way; staff see it as it is, in the log and under its filter.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(CheckInStatus.Pending, (await scope.ServiceProvider.GetRequiredService<ICheckInOutbox>().FindAsync(receipt.SubmissionId, CancellationToken.None))!.Status);
        }

        using var staff = await SignedInAsync(factory);
        var log = HtmlForm.Parse(await staff.GetStringAsync(new Uri("/kiosk/log?status=unconfirmed", UriKind.Relative)));
        var chip = Assert.Single(log.QuerySelectorAll(".log-table tbody tr [data-role=chip]"));
        Assert.Equal("Delivery unconfirmed", chip.TextContent.Trim());
        Assert.Contains("status--unconfirmed", chip.ClassName, StringComparison.Ordinal);
        Assert.Equal("1", log.QuerySelector("[data-count=Unconfirmed]")!.TextContent.Trim());
        Assert.Equal("unconfirmed", log.QuerySelector("#status option[selected]")!.GetAttribute("value"));
        Assert.Empty(HtmlForm.Parse(await staff.GetStringAsync(new Uri("/kiosk/log?status=pending", UriKind.Relative))).QuerySelectorAll(".log-table tbody tr"));

        // Not before the delay, however often the dispatcher looks...
        factory.Clock.Advance(SafeEntryFactory.UnconfirmedRetryDelay - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await factory.DispatchAsync());
        Assert.Single(gateway.Requests);

        // ...and once after it.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await factory.DispatchAsync());
        Assert.Equal(2, gateway.Requests.Count);
        var accepted = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Accepted, accepted.Status);
        Assert.Equal(2, accepted.Attempts);
        Assert.Equal(SafeEntryDispatcher.AcceptedAfterUnconfirmed, accepted.LastError);

        var after = HtmlForm.Parse(await staff.GetStringAsync(new Uri("/kiosk/log", UriKind.Relative)));
        var row2 = Assert.Single(after.QuerySelectorAll(".log-table tbody tr"));
        Assert.Equal("Accepted", row2.QuerySelector("[data-role=chip]")!.TextContent.Trim());
        Assert.Contains("may hold this entry twice", row2.QuerySelector("[data-role=reason]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefusedIsNotUnconfirmedAndRetriesWithBackoff()
    {
        var gateway = new RecordingGateway().Throw(new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        using var factory = new SafeEntryFactory { GatewayHandler = gateway };
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.Pending, row.Status);
        Assert.True(row.NextAttemptAt <= factory.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(2), "a refused connection is retried with the ordinary backoff");
    }

    [Fact]
    public async Task UnconfirmedRowsGiveUpAtMaxAttemptsAndNeedAttention()
    {
        var gateway = new RecordingGateway().Hang().Hang();
        using var factory = new SafeEntryFactory { GatewayHandler = gateway }
            .With("SafeEntry:RequestTimeout", "00:00:00.500").With("SafeEntry:MaxAttempts", "2");
        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());

        await factory.DispatchAsync();
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();

        var row = await factory.CheckInAsync(receipt.SubmissionId);
        Assert.Equal(CheckInStatus.NeedsAttention, row.Status);
        Assert.Contains("may have recorded", row.LastError, StringComparison.Ordinal);
        Assert.Equal(2, gateway.Requests.Count);
    }

    /// <summary>
    /// The real process is killed while its request waits on a slow gateway; after a restart the row is still
    /// in the log and delivered, having reached the gateway at most twice (the API cannot do better).
    /// </summary>
    [Fact]
    [Trait(TestCategories.Speed, TestCategories.Slow)]
    public async Task KillDuringASlowSendLosesNothingAndSendsAtMostTwice()
    {
        await using var gateway = new SlowFirstGateway();
        var settings = new Dictionary<string, string?>
        {
            ["SafeEntry:EntryUrl"] = gateway.Url,
            ["SafeEntry:PollInterval"] = "00:00:00.500",
            ["SafeEntry:RequestTimeout"] = "00:00:05",
            ["SafeEntry:UnconfirmedRetryDelay"] = "00:00:06",
        };
        await using var first = new PortalProcess(settings);
        await first.StartAsync();
        using var writer = new SafeEntryFactory()
            .With("Portal:DataPath", first.DataFolder)
            .With("Portal:CertificatesPath", first.Folder.Combine("certs"));
        writer.Clock.Set(DateTimeOffset.UtcNow);
        var receipt = await writer.EnqueueAsync(SafeEntryFactory.Request());

        await gateway.FirstArrived.WaitAsync(TimeSpan.FromSeconds(60));
        first.Kill();
        Assert.True(first.Process!.HasExited);
        var leased = await writer.CheckInAsync(receipt.SubmissionId);
        Assert.NotEqual(CheckInStatus.Accepted, leased.Status);
        Assert.NotNull(leased.LeaseUntil);

        await using var second = new PortalProcess(settings, folder: first.Folder);
        await second.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        CheckIn row;
        while ((row = await writer.CheckInAsync(receipt.SubmissionId)).Status != CheckInStatus.Accepted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine($"POSTs the gateway saw: {gateway.Posts}");
        Assert.Equal(CheckInStatus.Accepted, row.Status);
        Assert.InRange(gateway.Posts, 1, 2);
        Assert.Equal(1, await writer.WithDbAsync(db => db.CheckIns.CountAsync()));
    }

    /// <summary>Throws SQLite's "database is locked" at the first outcome write (the update that sets AcceptedAt).</summary>
    private sealed class FailFirstOutcomeWrite : DbCommandInterceptor
    {
        private int _thrown;

        public int Thrown => _thrown;

        /// <summary>Off while the host starts (the migrations mention the column too).</summary>
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("\"AcceptedAt\"", StringComparison.Ordinal) && Interlocked.CompareExchange(ref _thrown, 1, 0) == 0)
            {
                throw new SqliteException("database is locked", 5);
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>A gateway on a real port that never answers its first POST and answers 201 to the rest; counts every POST.</summary>
    private sealed class SlowFirstGateway : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _loop;
        private int _posts;

        public SlowFirstGateway()
        {
            Url = $"http://127.0.0.1:{FreePort.Next()}/partner/v1/entry";
            _listener.Prefixes.Add(Url[..(Url.LastIndexOf('/') + 1)]);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public int Posts => Volatile.Read(ref _posts);

        public Task FirstArrived => _first.Task;

        public async ValueTask DisposeAsync()
        {
            _listener.Close();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                if (context.Request.HttpMethod != "POST")
                {
                    context.Response.StatusCode = 404;
                    context.Response.Close();
                    continue;
                }

                if (Interlocked.Increment(ref _posts) == 1)
                {
                    // Held open: the caller is killed while it waits.
                    _first.TrySetResult();
                    continue;
                }

                context.Response.StatusCode = 201;
                context.Response.Close();
            }
        }
    }
}
