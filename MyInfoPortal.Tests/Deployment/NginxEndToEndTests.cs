using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Tests.MyInfo;

namespace MyInfoPortal.Tests.Deployment;

/// <summary>
/// Issue 2 end to end: the portal on Kestrel behind a real nginx that terminates TLS, configured by the
/// repository's own deploy/nginx.conf (ports, upstream and certificate paths substituted into a copy). A
/// resident signs in through the Myinfo simulator and a staff kiosk check-in is accepted by the SafeEntry
/// simulator, every request over https, the portal's own calls to the simulators included.
/// </summary>
[Trait(TestCategories.Speed, TestCategories.Slow)]
public sealed class NginxEndToEndTests
{
    [Fact]
    public async Task ResidentSignsInAndStaffCheckInIsAcceptedThroughNginxOverHttpsOnly()
    {
        using var folder = new TempFolder("mip-nginx");
        var certificate = await TestTlsCertificate.CreateAsync(folder.Path);
        var httpsPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var publicAddress = string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{httpsPort}");

        // The portal trusts nginx (and only it) for forwarded headers, and the test certificate for its
        // own calls to the simulators, which go out through nginx like the browser's.
        await using var portal = new PortalProcess(new Dictionary<string, string?>
        {
            ["Portal:BaseUrl"] = publicAddress,
            ["Portal:KnownProxies"] = "127.0.0.1",
            ["Simulators:AllowOutsideDevelopment"] = "true",
            ["SSL_CERT_FILE"] = certificate.CertificatePath,
        });
        await using var nginx = await NginxProcess.StartAsync(SiteConfiguration(portal.Port, httpsPort, httpPort, certificate), folder.Combine("nginx"), httpsPort);
        await portal.StartAsync();
        var password = TestSecrets.NewPassword("staff");
        var (exit, output) = await portal.RunCommandAsync(password + "\n", "staff", "add", "alice", "--password-stdin");
        Assert.True(exit == 0, output);

        using var trusted = certificate.Load();
        using var browser = new KestrelBrowser(new ConcurrentBag<string>(), trusted);
        var home = new Uri(publicAddress + "/");

        // A resident: /login, the simulator's persona and consent pages, the callback, the profile.
        using var login = await browser.GetAsync(new Uri(home, "/login"));
        using var picker = await browser.GetAsync(browser.Next(login));
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        using var consent = await browser.SubmitAsync(picker, "#persona-form", new Dictionary<string, string> { ["persona"] = "S7204518A" });
        using var decided = await browser.SubmitAsync(consent, "#consent-form", new Dictionary<string, string> { ["decision"] = "allow" });
        using var callback = await browser.GetAsync(browser.Next(decided));
        using var complete = await browser.GetAsync(new Uri(home, await FlowDriver.ContinueLinkAsync(callback)));
        using var profile = await browser.GetAsync(browser.Next(complete));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("*****518A", await FlowDriver.PageTextAsync(profile), StringComparison.Ordinal);

        // Staff: sign in, set the kiosk up for a simulated venue, check a visitor in.
        using var staffPage = await browser.GetAsync(new Uri(home, "/staff/login"));
        using var signedIn = await browser.SubmitAsync(staffPage, "#staff-login", new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var setup = await browser.GetAsync(new Uri(home, "/kiosk/setup"));
        using var setUp = await browser.SubmitAsync(setup, "form[action='/kiosk/setup/simulated']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, setUp.StatusCode);
        using var kiosk = await browser.GetAsync(browser.Next(setUp));
        using var submitted = await browser.SubmitAsync(kiosk, "#kiosk-form", new Dictionary<string, string>
        {
            ["ActionType"] = "checkin",
            ["SubType"] = "uinfin",
            ["Sub"] = "S1234567D",
            ["MobileNo"] = "9123 4567",
        });
        var done = browser.Next(submitted);
        Assert.StartsWith(publicAddress + "/kiosk/done/", done.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("accepted", await WaitForStatusAsync(browser, new Uri(home, done.AbsolutePath.Replace("/done/", "/status/", StringComparison.Ordinal))));

        // Over https only: every address, every redirect, every cookie; HSTS once on each answer.
        var seen = browser.Seen.ToList();
        Assert.True(seen.Count >= 14, $"only {seen.Count} responses");
        Assert.All(seen, response =>
        {
            Assert.Equal(Uri.UriSchemeHttps, response.Request.Scheme);
            Assert.True(response.Location is null || !response.Location.IsAbsoluteUri || response.Location.AbsoluteUri.StartsWith(publicAddress + "/", StringComparison.Ordinal),
                $"{response.Request.AbsolutePath} pointed to {response.Location}");
            Assert.All(response.SetCookies, cookie =>
            {
                Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
                Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            });
            Assert.Equal(["max-age=31536000; includeSubDomains"], response.Hsts);
        });

        // The portal's own calls to the simulated Myinfo and SafeEntry went through nginx's TLS as well.
        var access = nginx.AccessLog;
        Assert.Contains("\"POST /sim/myinfo/v3/token HTTP/1.1\" 200", access, StringComparison.Ordinal);
        Assert.Contains("\"POST /sim/safeentry/partner/v1/entry HTTP/1.1\" 201", access, StringComparison.Ordinal);

        // And plain HTTP only ever redirects to https.
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await plain.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{httpPort}/kiosk")));
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal(Uri.UriSchemeHttps, redirect.Headers.Location!.Scheme);
        Assert.DoesNotContain(" ERR]", portal.Output, StringComparison.Ordinal);
    }

    /// <summary>deploy/nginx.conf with this test's ports, upstream and certificate; each substitution must find its text.</summary>
    private static string SiteConfiguration(int portalPort, int httpsPort, int httpPort, TestTlsCertificate certificate)
    {
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf"));
        string Replace(string text, string from, string to)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"deploy/nginx.conf no longer contains '{from}'");
            return text.Replace(from, to, StringComparison.Ordinal);
        }

        var site = Replace(sample, "server 127.0.0.1:5000;", string.Create(CultureInfo.InvariantCulture, $"server 127.0.0.1:{portalPort};"));
        site = Replace(site, "listen 443 ssl", string.Create(CultureInfo.InvariantCulture, $"listen 127.0.0.1:{httpsPort} ssl"));
        site = Replace(site, "listen 80;", string.Create(CultureInfo.InvariantCulture, $"listen 127.0.0.1:{httpPort};"));
        site = Replace(site, "/etc/ssl/myinfoportal/fullchain.pem", certificate.CertificatePath);
        site = Replace(site, "/etc/ssl/myinfoportal/privkey.pem", certificate.KeyPath);

        // This machine may have no IPv6 loopback; the IPv4 lines above are the ones used.
        return string.Join('\n', site.Split('\n').Where(line => !line.TrimStart().StartsWith("listen [::]", StringComparison.Ordinal)));
    }

    private static async Task<string> WaitForStatusAsync(KestrelBrowser browser, Uri status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await browser.GetAsync(status, new Dictionary<string, string> { ["Accept"] = "application/json" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            last = json.RootElement.GetProperty("status").GetString()!;
            if (last != "pending")
            {
                return last;
            }

            await Task.Delay(250);
        }

        return last;
    }
}
