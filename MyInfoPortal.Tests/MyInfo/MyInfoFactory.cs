using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Counts what the portal's Myinfo HttpClient sends, whatever answers it.</summary>
public sealed class MyInfoCallCounter
{
    private int _token;
    private int _person;

    public int TokenCalls => Volatile.Read(ref _token);

    public int PersonCalls => Volatile.Read(ref _person);

    public DelegatingHandler CreateHandler() => new CountingHandler(this);

    private sealed class CountingHandler(MyInfoCallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._token);
            }
            else if (path.Contains("/person/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._person);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// The portal in memory with its Myinfo HttpClient routed either to the embedded simulator (through
/// the test server) or to a <see cref="FakeMyInfoServer"/> that uses the keys the portal generated.
/// Every outbound Myinfo call is counted.
/// </summary>
public sealed class MyInfoFactory : PortalFactory
{
    /// <summary>
    /// Development keys made once per test run and shared by these factories (RSA generation is the
    /// slowest part of a start). Made here, before any portal starts, so no two starts race to write them.
    /// </summary>
    private static readonly Lazy<TempFolder> SharedCertificates = new(() =>
    {
        var folder = new TempFolder("mip-myinfo-certs");
        foreach (var (name, subject) in new[] { ("portal", "MyInfoPortal client"), ("myinfo-simulator", "Myinfo v3 simulator"), ("safeentry-simulator", "SafeEntry gateway simulator") })
        {
            DevelopmentCertificates.Ensure(folder.Path, name, subject, TimeProvider.System);
        }

        File.WriteAllText(folder.Combine("myinfo-simulator.client-secret"), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    });

    private readonly bool _useSimulator;

    public MyInfoFactory(bool useSimulator = false)
    {
        _useSimulator = useSimulator;
        var certificates = SharedCertificates.Value.Path;
        With("Portal:CertificatesPath", certificates);

        // The portal generates both key pairs at start (Simulator mode); the fake reads them on first use.
        var clientKey = new Lazy<System.Security.Cryptography.RSA>(() => LoadPublicKey(Path.Combine(certificates, "portal.crt.pem")));
        var myInfoKey = new Lazy<System.Security.Cryptography.RSA>(() => KeyLoader.LoadPrivateKey(Path.Combine(certificates, "myinfo-simulator.key.pem")));
        Fake = new FakeMyInfoServer(() => clientKey.Value, () => myInfoKey.Value, Clock)
        {
            // What the portal expects in Simulator mode (SimulatorDefaults): the simulator's base URL and client id.
            Issuer = "http://localhost" + Web.Hosting.SimulatorDefaults.MyInfoSimulatorPath,
            Audience = Web.Hosting.SimulatorDefaults.SimulatorClientId,
        };
        Fake.Persons["S9812381D"] = FakePersons.Standard();
        Fake.Persons["S6005055D"] = FakePersons.Unformatted();
        With("RateLimits:CallbackPerMinute", "10000");
        With("RateLimits:LoginPerMinute", "10000");
    }

    /// <summary>The fake upstream (unused when routed to the simulator).</summary>
    public FakeMyInfoServer Fake { get; }

    public MyInfoCallCounter Calls { get; } = new();

    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.Configure<HttpClientFactoryOptions>(MyInfoV3Client.HttpClientName, options =>
            options.HttpMessageHandlerBuilderActions.Add(builder =>
            {
                builder.PrimaryHandler = _useSimulator ? Server.CreateHandler() : new NonDisposingHandler(Fake);
                builder.AdditionalHandlers.Add(Calls.CreateHandler());
            }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Fake.Dispose();
        }
    }

    private static System.Security.Cryptography.RSA LoadPublicKey(string certificatePath)
    {
        using var certificate = KeyLoader.LoadCertificate(certificatePath);
        return KeyLoader.PublicKeyOf(certificate);
    }
}
