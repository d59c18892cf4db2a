using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The configuration contract (<c>Singpass:Mode/Issuer/ClientId/RedirectUri/Scopes/KeysPath/AcrValues</c>):
/// a bad value stops the app at start with a message that names the key; plain http for the issuer only
/// on a loopback host, and never in Production.
/// </summary>
public sealed class SingpassOptionsValidationTests : IDisposable
{
    private readonly TempFolder _folder = new("mip-singpass-options");
    private readonly string _keysPath;

    public SingpassOptionsValidationTests()
    {
        _keysPath = _folder.Combine("keys.jwks.json");
        SingpassFactory.PortalKeys.Save(_keysPath);
    }

    [Theory]
    [InlineData(SingpassMode.Staging, null)]
    [InlineData(SingpassMode.Production, null)]
    [InlineData(SingpassMode.Staging, "https://fapi.example.org/issuer")]
    [InlineData(SingpassMode.Staging, "http://localhost:5100/fapi")]
    [InlineData(SingpassMode.Staging, "http://127.0.0.1:5100/fapi")]
    [InlineData(SingpassMode.Staging, "http://[::1]:5100/fapi")]
    [InlineData(SingpassMode.Simulator, "http://localhost:5000/sim/singpass/fapi")]
    public void GoodSettingsPass(SingpassMode mode, string? issuer)
    {
        var options = Valid(mode);
        options.Issuer = issuer;

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void EmbeddedSimulatorIssuerFollowsThePortalsOwnAddress()
    {
        var options = Valid(SingpassMode.Simulator);
        options.Issuer = "http://portal.internal:8080/sim/singpass/fapi";

        Assert.True(Validate(options, baseUrl: "http://portal.internal:8080").Succeeded);
        Assert.Contains(Validate(options, baseUrl: "http://localhost:5000").Failures!, f => f.StartsWith("Singpass:Issuer ", StringComparison.Ordinal));
    }

    [Fact]
    public void OffNeedsNothingElse()
    {
        var result = Validate(new SingpassOptions { Mode = SingpassMode.Off, Scopes = "name" });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void UnknownModeIsNamed()
    {
        var options = Valid(SingpassMode.Staging);
        options.Mode = (SingpassMode)42;

        Assert.Contains(Validate(options).Failures!, f => f.StartsWith("Singpass:Mode ", StringComparison.Ordinal));
    }

    public static TheoryData<SingpassMode, string, string> BadIssuers() => new()
    {
        { SingpassMode.Staging, "http://stg-id.singpass.example/fapi", "Singpass:Issuer may use plain http only for a loopback host" },
        { SingpassMode.Staging, "http://10.0.0.8/fapi", "Singpass:Issuer may use plain http only for a loopback host" },
        { SingpassMode.Production, "http://localhost:5100/fapi", "Singpass:Issuer must use https in Production" },
        { SingpassMode.Production, "http://127.0.0.1/fapi", "Singpass:Issuer must use https in Production" },
        { SingpassMode.Staging, "not a url", "Singpass:Issuer must be an absolute http(s) URL" },
        { SingpassMode.Staging, "ftp://id.example/fapi", "Singpass:Issuer must be an absolute http(s) URL" },
        { SingpassMode.Staging, "https://id.example/fapi?x=1", "Singpass:Issuer must be an absolute http(s) URL" },
        { SingpassMode.Simulator, "http://singpass.example/fapi", "Singpass:Issuer may use plain http only for a loopback host" },
    };

    [Theory]
    [MemberData(nameof(BadIssuers))]
    public void BadIssuerIsNamed(SingpassMode mode, string issuer, string expected)
    {
        var options = Valid(mode);
        options.Issuer = issuer;

        Assert.Contains(Validate(options).Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SimulatorModeWithoutADerivedIssuerIsNamed()
    {
        var options = Valid(SingpassMode.Simulator);
        options.Issuer = null;

        Assert.Contains(Validate(options).Failures!, f => f.StartsWith("Singpass:Issuer ", StringComparison.Ordinal));
    }

    public static TheoryData<string, string?, string> BadValues() => new()
    {
        { "ClientId", null, "Singpass:ClientId is required." },
        { "ClientId", "has spaces in it", "Singpass:ClientId must be" },
        { "ClientId", new string('a', 129), "Singpass:ClientId must be" },
        { "RedirectUri", null, "Singpass:RedirectUri is required." },
        { "RedirectUri", "/singpass/callback", "Singpass:RedirectUri must be an absolute http(s) URL" },
        { "RedirectUri", "https://portal.example/singpass/callback?x=1", "Singpass:RedirectUri must be an absolute http(s) URL" },
        { "Scopes", "uinfin name", "Singpass:Scopes must include 'openid'." },
        { "Scopes", "", "Singpass:Scopes must include 'openid'." },
        { "Scopes", "openid name;sex", "Singpass:Scopes must be space-separated scope names" },
        { "Scopes", "openid na\u00efve", "Singpass:Scopes must be space-separated scope names" },
        { "AcrValues", "loa 2!", "Singpass:AcrValues must be" },
        { "AcrValues", "urn:singpass:authentication:loa:2  urn:singpass:authentication:loa:3", "Singpass:AcrValues must be" },
        { "KeysPath", null, "Singpass:KeysPath is required." },
        { "KeysPath", "/nonexistent/singpass.jwks.json", "Singpass:KeysPath points to '/nonexistent/singpass.jwks.json', which does not exist." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadValueIsNamed(string key, string? value, string expected)
    {
        var options = Valid(SingpassMode.Staging);
        switch (key)
        {
            case "ClientId": options.ClientId = value; break;
            case "RedirectUri": options.RedirectUri = value; break;
            case "Scopes": options.Scopes = value!; break;
            case "AcrValues": options.AcrValues = value; break;
            case "KeysPath": options.KeysPath = value; break;
        }

        var result = Validate(options);

        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(result.Failures!, f => Assert.StartsWith("Singpass:" + key + " ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void PlainHttpRedirectUriIsRefusedInProductionOnly()
    {
        var staging = Valid(SingpassMode.Staging);
        staging.RedirectUri = "http://portal.example/singpass/callback";
        var production = Valid(SingpassMode.Production);
        production.RedirectUri = "http://portal.example/singpass/callback";

        Assert.True(Validate(staging).Succeeded);
        Assert.Equal(["Singpass:RedirectUri must use https in Production."], Validate(production).Failures);
    }

    [Fact]
    public void GoodAcrValuesPass()
    {
        var options = Valid(SingpassMode.Staging);
        options.AcrValues = "urn:singpass:authentication:loa:2 urn:singpass:authentication:loa:3";

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void KeyFileThatIsNotAJwkSetIsNamed()
    {
        var garbage = _folder.Combine("garbage.json");
        File.WriteAllText(garbage, "{ not json");
        var options = Valid(SingpassMode.Staging);
        options.KeysPath = garbage;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.StartsWith("Singpass:KeysPath points to '" + garbage + "', which could not be read", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void KeySetWithoutAnEncryptionKeySaysWhatIsMissing()
    {
        var path = _folder.Combine("sig-only.json");
        new SingpassKeySet([.. SingpassFactory.PortalKeys.SigningKeys]).Save(path);
        var options = Valid(SingpassMode.Staging);
        options.KeysPath = path;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.StartsWith("Singpass:KeysPath points to '" + path + "': ", failure, StringComparison.Ordinal);
        Assert.Contains("\"use\": \"enc\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void KeySetHoldingOnlyPublicKeysIsRefused()
    {
        var path = _folder.Combine("public.json");
        File.WriteAllText(path, SingpassFactory.PortalKeys.PublicJwksJson());
        var options = Valid(SingpassMode.Staging);
        options.KeysPath = path;

        Assert.Contains(Validate(options).Failures!, f => f.StartsWith("Singpass:KeysPath ", StringComparison.Ordinal));
    }

    /// <summary>The real portal, configured through environment variables (<c>Singpass__Issuer</c>, ...) as acceptance checks do.</summary>
    [Theory]
    [InlineData("Singpass:Mode", "Sandbox", "Singpass:Mode")]
    [InlineData("Singpass:Issuer", "http://singpass.example/fapi", "Singpass:Issuer may use plain http only for a loopback host")]
    public async Task BadEnvironmentVariableStopsThePortalNamingTheKey(string key, string value, string named)
    {
        var output = await FailedStartAsync(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionWithAPlainHttpIssuerStopsThePortal()
    {
        var output = await FailedStartAsync(new Dictionary<string, string?>
        {
            ["Singpass:Mode"] = "Production",
            ["Singpass:Issuer"] = "http://127.0.0.1:5100/fapi",
            ["Singpass:ClientId"] = "Xr4bd9TqLz7n2WcPa0s8yKfV3uHj6mEg",
            ["Singpass:KeysPath"] = _keysPath,
        });

        Assert.Contains("Singpass:Issuer must use https in Production.", output, StringComparison.Ordinal);
        Assert.Contains("Singpass:RedirectUri must use https in Production.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StagingWithoutClientIdAndKeysStopsThePortalNamingBoth()
    {
        var output = await FailedStartAsync(new Dictionary<string, string?> { ["Singpass:Mode"] = "Staging" });

        Assert.Contains("Singpass:ClientId is required.", output, StringComparison.Ordinal);
        Assert.Contains("Singpass:KeysPath is required.", output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private SingpassOptions Valid(SingpassMode mode) => new()
    {
        Mode = mode,
        Issuer = mode == SingpassMode.Simulator ? "http://localhost:5000" + SingpassOptions.SimulatorIssuerPath : null,
        ClientId = "Xr4bd9TqLz7n2WcPa0s8yKfV3uHj6mEg",
        RedirectUri = "https://portal.example/singpass/callback",
        KeysPath = _keysPath,
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(SingpassOptions options, string baseUrl = "http://localhost:5000") =>
        new SingpassOptionsValidator(Microsoft.Extensions.Options.Options.Create(new PortalOptions { BaseUrl = baseUrl })).Validate(null, options);

    /// <summary>Starts the portal process (with the run's shared development keys) and expects it to stop; returns its output.</summary>
    private static async Task<string> FailedStartAsync(Dictionary<string, string?> settings)
    {
        var folder = new TempFolder("mip-singpass-start");
        try
        {
            Directory.CreateDirectory(folder.Combine("certs"));
            foreach (var file in Directory.GetFiles(SingpassFactory.SharedCertificatesPath))
            {
                File.Copy(file, folder.Combine("certs", Path.GetFileName(file)));
            }

            await using var portal = new PortalProcess(settings, folder);
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => portal.StartAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, portal.Process!.ExitCode);
            return failure.Message;
        }
        finally
        {
            folder.Dispose();
        }
    }
}
