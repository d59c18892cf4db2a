using System.Net;
using MyInfoPortal.Simulators;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;

namespace MyInfoPortal.Tests.SafeEntry;

/// <summary>/sim/safeentry: what the gateway received, and its fault switch (a form with antiforgery).</summary>
public sealed class SimulatorPageTests
{
    [Fact]
    public async Task PageListsWhatTheGatewayReceivedMaskedAndTheVenuesItKnows()
    {
        using var factory = new SafeEntryFactory();
        await factory.EnqueueAsync(SafeEntryFactory.Request(sub: "T0066846F", mobile: "91234567"));
        await factory.DispatchAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/sim/safeentry", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var page = await HtmlForm.ReadAsync(response);
        var rows = page.QuerySelectorAll("[data-testid=received] tbody tr");
        var row = Assert.Single(rows);
        Assert.Contains("*****846F", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("****4567", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("T0066846F", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("91234567", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Equal("None", page.QuerySelector("[data-testid=gateway-fault]")!.TextContent);
        Assert.Contains("STG-180000001W-83341-SEQRSELFTESTMULTI-SE", page.Body.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchingTheGatewayDownFromThePageMakesSubmissionsWait()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/sim/safeentry", UriKind.Relative)));

        using var switched = await HtmlForm.SubmitAsync(client, page, "form.sim__fault-form", new Dictionary<string, string> { ["Fault"] = "Down" });

        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal("/sim/safeentry", switched.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("Down", (await HtmlForm.ReadAsync(switched)).QuerySelector("[data-testid=gateway-fault]")!.TextContent);
        Assert.Equal(GatewayFault.Down, factory.Gateway.Fault);

        var receipt = await factory.EnqueueAsync(SafeEntryFactory.Request());
        await factory.DispatchAsync();
        // Dropped after it arrived: not accepted, and the portal cannot tell whether it was recorded.
        Assert.Equal(CheckInStatus.Unconfirmed, (await factory.CheckInAsync(receipt.SubmissionId)).Status);
        Assert.Equal(0, await factory.ReceiptCountAsync());
    }

    [Fact]
    public async Task SwitchWithoutAnAntiforgeryTokenIsRejectedAndChangesNothing()
    {
        using var factory = new SafeEntryFactory();
        using var client = factory.CreateClient();
        await client.GetAsync(new Uri("/sim/safeentry", UriKind.Relative));

        using var content = new FormUrlEncodedContent([new("Fault", "Error")]);
        using var response = await client.PostAsync(new Uri("/sim/safeentry", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(GatewayFault.None, factory.Gateway.Fault);
    }
}
