using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;
using MyInfoPortal.Simulators.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>One request the portal's Singpass HttpClient sent: which endpoint, its DPoP header and its form.</summary>
public sealed record SentSingpassRequest(string Endpoint, string Method, Uri Url, string? Dpop, string? Authorization, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// Counts and records what the portal's Singpass HttpClient sends, whatever answers it: PAR, token,
/// userinfo, discovery and JWKS calls, with the DPoP proofs and client assertions they carry.
/// </summary>
public sealed class SingpassCallCounter
{
    public const string Par = "par";
    public const string Token = "token";
    public const string Userinfo = "userinfo";
    public const string Discovery = "discovery";
    public const string Jwks = "jwks";

    private readonly ConcurrentQueue<SentSingpassRequest> _sent = new();

    public IReadOnlyList<SentSingpassRequest> Sent => [.. _sent];

    public int Count(string endpoint) => _sent.Count(r => r.Endpoint == endpoint);

    /// <summary>How many calls of each kind were made after <paramref name="mark"/> (a value of <see cref="Mark"/>).</summary>
    public int CountSince(int mark, string endpoint) => _sent.Skip(mark).Count(r => r.Endpoint == endpoint);

    public int Mark() => _sent.Count;

    public DelegatingHandler CreateHandler() => new RecordingHandler(this);

    /// <summary>The endpoint a URL names, by the simulator's paths (discovery tells the portal the same ones).</summary>
    public static string EndpointOf(Uri url)
    {
        var path = url.AbsolutePath;
        return path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ? Discovery
            : path.EndsWith("/.well-known/keys", StringComparison.Ordinal) ? Jwks
            : path.EndsWith("/par", StringComparison.Ordinal) ? Par
            : path.EndsWith("/token", StringComparison.Ordinal) ? Token
            : path.EndsWith("/userinfo", StringComparison.Ordinal) ? Userinfo
            : "other";
    }

    private sealed class RecordingHandler(SingpassCallCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            if (request.Content is FormUrlEncodedContent content)
            {
                var body = await content.ReadAsStringAsync(cancellationToken);
                foreach (var (name, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
                {
                    form[name] = value.ToString();
                }
            }

            counter._sent.Enqueue(new SentSingpassRequest(
                EndpointOf(request.RequestUri!),
                request.Method.Method,
                request.RequestUri!,
                request.Headers.TryGetValues("DPoP", out var dpop) ? dpop.Single() : null,
                request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : null,
                form));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// Stands in front of the simulator and answers <c>use_dpop_nonce</c> (RFC 9449 section 8) on the chosen
/// endpoints until a proof carries the nonce it handed out, or, when <see cref="NeverSatisfied"/>, with a
/// fresh nonce every time. Off until a test names endpoints.
/// </summary>
public sealed class DpopNonceChallenger
{
    private readonly ConcurrentDictionary<string, string> _issued = new(StringComparer.Ordinal);
    private volatile string[] _endpoints = [];

    public bool NeverSatisfied { get; set; }

    public void DemandOn(params string[] endpoints) => _endpoints = endpoints;

    /// <summary>The nonce last handed out on <paramref name="endpoint"/>.</summary>
    public string? IssuedFor(string endpoint) => _issued.GetValueOrDefault(endpoint);

    public DelegatingHandler CreateHandler() => new ChallengingHandler(this);

    private sealed class ChallengingHandler(DpopNonceChallenger challenger) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var endpoint = SingpassCallCounter.EndpointOf(request.RequestUri!);
            if (!challenger._endpoints.Contains(endpoint))
            {
                return base.SendAsync(request, cancellationToken);
            }

            var proof = request.Headers.TryGetValues("DPoP", out var values) ? values.Single() : null;
            var presented = proof is null ? null : ProofInspection.Decode(proof).Payload["nonce"]?.GetValue<string>();
            if (!challenger.NeverSatisfied && presented is not null && presented == challenger.IssuedFor(endpoint))
            {
                return base.SendAsync(request, cancellationToken);
            }

            var nonce = Web.Common.Hashing.NewSecret();
            challenger._issued[endpoint] = nonce;
            var userinfo = endpoint == SingpassCallCounter.Userinfo;
            var response = new HttpResponseMessage(userinfo ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}""",
                    System.Text.Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            response.Headers.TryAddWithoutValidation("DPoP-Nonce", nonce);
            if (userinfo)
            {
                response.Headers.TryAddWithoutValidation("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"");
            }

            return Task.FromResult(response);
        }
    }
}

/// <summary>A relying party registered with the embedded simulator besides the portal (clients 1 and 2).</summary>
public sealed record TestRelyingParty(string ClientId, SingpassKeySet Keys, string JwksPath, IReadOnlyList<string> RedirectUris)
{
    public EcJwk SigningKey => Keys.SigningKeys.Single();

    public EcJwk EncryptionKey => Keys.EncryptionKeys.Single();
}

/// <summary>
/// The portal in memory, in Simulator mode, with its Singpass HttpClient routed to the embedded Singpass
/// simulator through the test server, and every outbound Singpass call counted and recorded. Two more
/// relying parties are registered with the simulator (clients 1 and 2) for tests that speak FAPI to it
/// directly. Keys that take time to make (the development RSA certificates, the key sets) are made once
/// per test run and shared; the simulator's own signing key and its fault switch belong to each factory.
/// </summary>
public sealed class SingpassFactory : PortalFactory
{
    public const string Issuer = "http://localhost" + SingpassOptions.SimulatorIssuerPath;

    public const string PortalClientId = Web.Hosting.SimulatorDefaults.SingpassSimulatorClientId;

    public const string PortalRedirectUri = "http://localhost/singpass/callback";

    private static readonly Lazy<SharedKeys> Shared = new(() =>
    {
        var folder = new TempFolder("mip-singpass-certs");
        foreach (var (name, subject) in new[] { ("portal", "MyInfoPortal client"), ("myinfo-simulator", "Myinfo v3 simulator"), ("safeentry-simulator", "SafeEntry gateway simulator") })
        {
            DevelopmentCertificates.Ensure(folder.Path, name, subject, TimeProvider.System);
        }

        File.WriteAllText(folder.Combine("myinfo-simulator.client-secret"), Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)));

        // The portal's own key set, as SimulatorDefaults would make it at first run (made here so no two starts race).
        var madeAt = new TestClock().GetUtcNow() - TimeSpan.FromDays(1);
        var portalKeys = SingpassKeySet.Generate(madeAt);
        portalKeys.Save(folder.Combine("singpass-client.jwks.json"));

        TestRelyingParty Party(string clientId, params string[] redirectUris)
        {
            var keys = SingpassKeySet.Generate(madeAt);
            var path = folder.Combine(clientId + ".jwks.json");
            keys.Save(path);
            return new TestRelyingParty(clientId, keys, path, redirectUris);
        }

        var shared = new SharedKeys(
            folder,
            portalKeys,
            Party("test-rp-one", "http://127.0.0.1:8123/rp/callback", "http://127.0.0.1:8123/rp/other-callback"),
            Party("test-rp-two", "http://127.0.0.1:8124/callback"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return shared;
    });

    public SingpassFactory()
    {
        var shared = Shared.Value;
        With("Portal:CertificatesPath", shared.Folder.Path);
        With("RateLimits:CallbackPerMinute", "10000");
        With("RateLimits:LoginPerMinute", "10000");
        Register(1, RelyingPartyOne);
        Register(2, RelyingPartyTwo);
    }

    /// <summary>The folder holding the run's shared development certificates and key sets.</summary>
    public static string SharedCertificatesPath => Shared.Value.Folder.Path;

    /// <summary>The portal's key set (Singpass:KeysPath), shared by every factory of the run.</summary>
    public static SingpassKeySet PortalKeys => Shared.Value.PortalKeys;

    public static TestRelyingParty RelyingPartyOne => Shared.Value.One;

    public static TestRelyingParty RelyingPartyTwo => Shared.Value.Two;

    public SingpassCallCounter Calls { get; } = new();

    /// <summary>Makes the Singpass endpoints a test names ask the portal for a DPoP nonce.</summary>
    public DpopNonceChallenger NonceChallenger { get; } = new();

    public SingpassSimulatorControl Control => Services.GetRequiredService<SingpassSimulatorControl>();

    /// <summary>A browser: keeps cookies, follows no redirects.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.Configure<HttpClientFactoryOptions>(SingpassHttp.HttpClientName, options =>
            options.HttpMessageHandlerBuilderActions.Add(builder =>
            {
                builder.PrimaryHandler = Server.CreateHandler();
                builder.AdditionalHandlers.Add(Calls.CreateHandler());
                builder.AdditionalHandlers.Add(NonceChallenger.CreateHandler());
            }));
    }

    private void Register(int index, TestRelyingParty party)
    {
        var prefix = $"Simulators:Singpass:Clients:{index}:";
        With(prefix + "ClientId", party.ClientId);
        With(prefix + "JwksPath", party.JwksPath);
        for (var i = 0; i < party.RedirectUris.Count; i++)
        {
            With(prefix + "RedirectUris:" + i, party.RedirectUris[i]);
        }
    }

    private sealed record SharedKeys(TempFolder Folder, SingpassKeySet PortalKeys, TestRelyingParty One, TestRelyingParty Two);
}
