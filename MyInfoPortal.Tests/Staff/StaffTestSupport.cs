using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Features.Staff;

namespace MyInfoPortal.Tests.Staff;

/// <summary>Creates staff accounts through the service the CLI uses and signs in through the real page.</summary>
internal static class StaffTestSupport
{
    public static readonly string Password = TestSecrets.NewPassword("staff");

    private static readonly ConditionalWeakTable<HttpClient, CookieContainer> Jars = new();

    /// <summary>A test browser: keeps cookies, does not follow redirects.</summary>
    public static HttpClient NewBrowser(PortalFactory factory, string baseAddress = "http://localhost")
    {
        var jar = new CookieContainer();
        var client = factory.CreateDefaultClient(new Uri(baseAddress), new CookieContainerHandler(jar));
        Jars.Add(client, jar);
        return client;
    }

    /// <summary>The Cookie header this browser would send: what a thief copying its cookies would replay.</summary>
    public static string CookieHeader(HttpClient client) =>
        Jars.TryGetValue(client, out var jar) ? jar.GetCookieHeader(client.BaseAddress!) : string.Empty;

    public static string? CookieValue(HttpClient client, string name) =>
        Jars.TryGetValue(client, out var jar) ? jar.GetCookies(client.BaseAddress!)[name]?.Value : null;

    public static async Task CreateAccountAsync(PortalFactory factory, string userName = "alice", string? password = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccountService>();
        Assert.Equal(CreateStaffResult.Created, await accounts.CreateAsync(userName, password ?? Password, CancellationToken.None));
    }

    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var path = "/staff/login" + (returnUrl is null ? string.Empty : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri(path, UriKind.Relative)));
        return await HtmlForm.SubmitAsync(client, page, "#staff-login", new Dictionary<string, string>
        {
            ["Username"] = userName,
            ["Password"] = password,
        });
    }

    /// <summary>A browser with a staff session (account created if needed).</summary>
    public static async Task<HttpClient> SignedInAsync(PortalFactory factory, string userName = "alice", bool createAccount = true)
    {
        if (createAccount)
        {
            await CreateAccountAsync(factory, userName);
        }

        var client = NewBrowser(factory);
        var response = await SubmitLoginAsync(client, userName, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static string? Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString;
}
