using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// A <see cref="MyInfoV3Client"/> wired to a <see cref="FakeMyInfoServer"/>, with test keys and a test clock.
/// The HttpClient is the app's own registration (resilience pipeline, per-attempt signing), with only the
/// socket handler swapped for the fake.
/// </summary>
public sealed class ClientRig : IDisposable
{
    public const string Base = "https://fake.myinfo.example/com/v3";

    private readonly RSA _clientPublic;
    private readonly MyInfoKeys _keys;
    private readonly ServiceProvider _services;

    public ClientRig(Action<MyInfoOptions>? configure = null)
    {
        Keys = TestKeys.Shared;
        using (var certificate = KeyLoader.LoadCertificate(Keys.Client.CertificatePath))
        {
            _clientPublic = KeyLoader.PublicKeyOf(certificate);
        }

        Options = new MyInfoOptions
        {
            Mode = ServiceMode.Test,
            AuthoriseUrl = Base + "/authorise",
            TokenUrl = Base + "/token",
            PersonUrl = Base + "/person",
            ClientId = "FAKE-CLIENT",
            ClientSecret = "fake-client-secret",
            RedirectUri = "http://localhost:5000/callback",
            TokenIssuer = "https://fake.myinfo.example/serviceauth/myinfo-com",
            TokenAudience = "FAKE-CLIENT",
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(Options);

        Server = new FakeMyInfoServer(() => _clientPublic, () => Keys.MyInfoKey, Clock);
        Server.Persons["S9812381D"] = FakePersons.Standard();

        using var myInfoCertificate = KeyLoader.LoadCertificate(Keys.MyInfo.CertificatePath);
        _keys = new MyInfoKeys(KeyLoader.LoadPrivateKey(Keys.Client.KeyPath), KeyLoader.PublicKeyOf(myInfoCertificate));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton(_keys);
        services.AddSingleton<PkiSigner>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddMyInfoHttpClient().ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(Server));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = (MyInfoV3Client)_services.GetRequiredService<IMyInfoClient>();
    }

    public TestKeys Keys { get; }

    public TestClock Clock { get; } = new();

    public MyInfoOptions Options { get; }

    public FakeMyInfoServer Server { get; }

    public MyInfoV3Client Client { get; }

    public RSA ClientPublicKey => _clientPublic;

    /// <summary>What a caller does: exchange a fresh code, then fetch the person.</summary>
    public async Task<PersonProfile> RetrieveAsync(string subject = "S9812381D")
    {
        var token = await Client.ExchangeCodeAsync(Server.IssueCode(subject));
        return await Client.GetPersonAsync(token);
    }

    public void Dispose()
    {
        _services.Dispose();
        Server.Dispose();
        _keys.Dispose();
        _clientPublic.Dispose();
    }
}

