using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MyInfoPortal.Simulators;
using MyInfoPortal.Tests.SafeEntry;

namespace MyInfoPortal.Tests.Operations;

/// <summary>Issue 11 item 8: <c>/healthz</c> stays liveness, <c>/healthz/ready</c> is what a load balancer asks.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task AFreshPortalIsReady()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("failing").GetArrayLength());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("keys").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("outbox").GetString());
    }

    [Fact]
    public async Task AnOutboxWhoseOldestCheckInWaitedTooLongIsNotReadyWhileLivenessStaysUp()
    {
        using var factory = new SafeEntryFactory().With("Health:MaxPendingAge", "00:10:00");
        using var client = factory.CreateClient();
        factory.Gateway.Fault = GatewayFault.Error; // a 500: definitely not taken, so retried after the backoff
        await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();

        factory.Clock.Advance(TimeSpan.FromMinutes(9));
        using var stillReady = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        using var stuck = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, stillReady.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stuck.StatusCode);
        var body = await ReadAsync(stuck);
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Equal("outbox", Assert.Single(body.GetProperty("failing").EnumerateArray()).GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // Delivered once the gateway is back: ready again.
        factory.Gateway.Fault = GatewayFault.None;
        factory.Clock.Advance(SafeEntryFactory.PastAnyBackoff);
        await factory.DispatchAsync();
        using var recovered = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsNotReadyAndTheBodyNamesItWithoutDetails()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        using (var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // The database's folder goes away (a lost volume); pooled connections are dropped so the next open fails.
        var data = factory.Folder.Combine("data");
        Directory.Move(data, data + "-gone");
        SqliteConnection.ClearAllPools();

        using var response = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Contains("database", body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(data, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
