using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Data;
using MyInfoPortal.Web.Features.Staff;
using static MyInfoPortal.Tests.Staff.StaffTestSupport;

namespace MyInfoPortal.Tests.Staff;

/// <summary>
/// Issue 4 (security.md E): staff sign-in reveals nothing about which accounts exist or are locked, costs
/// the same hash verification every time, and cannot be raced past its lockout.
/// </summary>
public sealed partial class StaffSignInHardeningTests
{
    [Fact]
    public async Task UnknownLockedAndWrongPasswordAttemptsGetIdenticalAnswers()
    {
        using var factory = new CountingFactory();
        await CreateAccountAsync(factory, "alice");
        await CreateAccountAsync(factory, "bobby");
        using var client = NewBrowser(factory);
        for (var i = 0; i < 5; i++)
        {
            await SubmitLoginAsync(client, "alice", "wrong password " + i);
        }

        var before = factory.Hasher.Total;
        var unknown = await SubmitLoginAsync(client, "nobody", Password);
        var locked = await SubmitLoginAsync(client, "alice", Password);
        var wrong = await SubmitLoginAsync(client, "bobby", "not the password at all");

        var answers = new[] { (unknown, "nobody"), (locked, "alice"), (wrong, "bobby") };
        var expected = await ComparableAsync(unknown, "nobody");
        foreach (var (response, name) in answers)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, await ComparableAsync(response, name));
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(StaffAuth.CookieName, StringComparison.Ordinal)));
        }

        Assert.Contains("The username or password is not right.", expected, StringComparison.Ordinal);
        Assert.DoesNotContain("locked.", expected, StringComparison.Ordinal);

        // The same work for each: one hash verification apiece, whether or not there was a real hash to check.
        Assert.Equal(3, factory.Hasher.Total - before);
    }

    [Fact]
    public async Task TwentyParallelWrongAttemptsReachTheRealHashAtMostFiveTimesThenLock()
    {
        using var factory = new CountingFactory();
        factory.With("RateLimits:SignInPerMinute", "1000");
        await CreateAccountAsync(factory, "alice");
        using var client = NewBrowser(factory);
        var page = await HtmlForm.ReadAsync(await client.GetAsync(new Uri("/staff/login", UriKind.Relative)));
        var token = page.QuerySelector("#staff-login input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var guesses = Enumerable.Range(0, 20).Select(i => TestSecrets.NewPassword("guess" + i)).ToList();

        var responses = await Task.WhenAll(guesses.Select(async guess =>
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Username"] = "alice",
                ["Password"] = guess,
            });
            return await client.PostAsync(new Uri("/staff/login", UriKind.Relative), form);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(5, factory.Hasher.Real);
        Assert.Equal(20, factory.Hasher.Total);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().StaffUsers.AsNoTracking().SingleAsync();
            Assert.NotNull(user.LockoutEndsAt);
        }

        // Locked: the right password is not even checked, and does not sign in.
        var right = await SubmitLoginAsync(client, "alice", Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("The username or password is not right.", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(5, factory.Hasher.Real);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/staff/diagnostics", UriKind.Relative))).StatusCode);
        var lockouts = factory.Logs.Lines.Where(l => l.Contains("[3005]", StringComparison.Ordinal)).ToList();
        Assert.Single(lockouts);
        Assert.DoesNotContain(factory.Logs.Lines, l => guesses.Any(g => l.Contains(g, StringComparison.Ordinal)) || l.Contains(Password, StringComparison.Ordinal));
    }

    /// <summary>The page as a reader sees it: without the per-response antiforgery token and the echoed username.</summary>
    private static async Task<string> ComparableAsync(HttpResponseMessage response, string userName)
    {
        var html = await response.Content.ReadAsStringAsync();
        html = TokenValue().Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"\"");
        return html.Replace("value=\"" + userName + "\"", "value=\"\"", StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"")]
    private static partial Regex TokenValue();

    /// <summary>Counts password hash verifications: against a real account's hash, and in all.</summary>
    private sealed class CountingHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _inner = new();
        private int _real;
        private int _total;

        public int Real => Volatile.Read(ref _real);

        public int Total => Volatile.Read(ref _total);

        public string HashPassword(StaffUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _total);
            if (user is not null)
            {
                Interlocked.Increment(ref _real);
            }

            return _inner.VerifyHashedPassword(user!, hashedPassword, providedPassword);
        }
    }

    private sealed class CountingFactory : PortalFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.AddSingleton<IPasswordHasher<StaffUser>>(Hasher);
        }
    }
}
