using System.Security.Cryptography;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Hosting;
using MyInfoPortal.Web.Integrations.MyInfo;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>Key and certificate files are read at start: a bad one stops the app with the key's name.</summary>
public sealed class MyInfoOptionsValidationTests : IDisposable
{
    private readonly TempFolder _folder = new("mip-options");

    [Fact]
    public void ReadableKeyAndCertificatePass()
    {
        var result = new MyInfoOptionsValidator().Validate(null, Options(TestKeys.Shared.Client.KeyPath, TestKeys.Shared.MyInfo.CertificatePath));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void KeyFileThatIsNotAKeyIsReportedByName()
    {
        var garbage = _folder.Combine("garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        var result = new MyInfoOptionsValidator().Validate(null, Options(garbage, TestKeys.Shared.MyInfo.CertificatePath));

        Assert.Contains(result.Failures!, f => f.StartsWith("MyInfo:ClientPrivateKeyPath ", StringComparison.Ordinal));
    }

    [Fact]
    public void EncryptedKeyWithAWrongPasswordIsReportedByName()
    {
        var encrypted = _folder.Combine("encrypted.pem");
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(encrypted, rsa.ExportEncryptedPkcs8PrivateKeyPem("right password", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        }

        var wrong = Options(encrypted, TestKeys.Shared.MyInfo.CertificatePath);
        wrong.ClientPrivateKeyPassword = "wrong password";
        var right = Options(encrypted, TestKeys.Shared.MyInfo.CertificatePath);
        right.ClientPrivateKeyPassword = "right password";

        Assert.Contains(new MyInfoOptionsValidator().Validate(null, wrong).Failures!, f => f.StartsWith("MyInfo:ClientPrivateKeyPath ", StringComparison.Ordinal));
        Assert.True(new MyInfoOptionsValidator().Validate(null, right).Succeeded);
    }

    [Fact]
    public void CertificateFileThatIsNotACertificateIsReportedByName()
    {
        var result = new MyInfoOptionsValidator().Validate(null, Options(TestKeys.Shared.Client.KeyPath, TestKeys.Shared.Client.KeyPath));

        Assert.Contains(result.Failures!, f => f.StartsWith("MyInfo:MyInfoCertificatePath ", StringComparison.Ordinal));
    }

    [Fact]
    public void SandboxStillNeedsMyinfosCertificateToVerifyTokens()
    {
        var options = Options(null, null);
        options.Mode = ServiceMode.Sandbox;

        var result = new MyInfoOptionsValidator().Validate(null, options);

        Assert.Equal(["MyInfo:MyInfoCertificatePath is required."], result.Failures);
    }

    [Theory]
    [InlineData(ServiceMode.Test)]
    [InlineData(ServiceMode.Production)]
    public void RealServiceModesNeedHttpsEverywhereAndTheTokenChecks(ServiceMode mode)
    {
        var options = Options(TestKeys.Shared.Client.KeyPath, TestKeys.Shared.MyInfo.CertificatePath);
        options.Mode = mode;
        options.AuthoriseUrl = "http://myinfo.example/com/v3/authorise";
        options.TokenUrl = "http://myinfo.example/com/v3/token";
        options.PersonUrl = "http://myinfo.example/com/v3/person";
        options.RedirectUri = "http://portal.example/callback";
        options.TokenIssuer = null;
        options.TokenAudience = " ";

        var failures = new MyInfoOptionsValidator().Validate(null, options).Failures!.ToList();

        foreach (var key in new[] { "AuthoriseUrl", "TokenUrl", "PersonUrl", "RedirectUri" })
        {
            Assert.Contains(failures, f => f.StartsWith($"MyInfo:{key} must be an https URL in {mode} mode", StringComparison.Ordinal));
        }

        Assert.Contains("MyInfo:TokenIssuer is required.", failures);
        Assert.Contains("MyInfo:TokenAudience is required.", failures);
        Assert.Equal(6, failures.Count);
    }

    [Theory]
    [InlineData(ServiceMode.MockPass)]
    [InlineData(ServiceMode.Sandbox)]
    public void StandInModesMayUsePlainHttpWithoutTokenChecks(ServiceMode mode)
    {
        var options = Options(TestKeys.Shared.Client.KeyPath, TestKeys.Shared.MyInfo.CertificatePath);
        options.Mode = mode;
        options.AuthoriseUrl = "http://localhost:5156/myinfo/v3/authorise";
        options.TokenUrl = "http://localhost:5156/myinfo/v3/token";
        options.PersonUrl = "http://localhost:5156/myinfo/v3/person";
        options.RedirectUri = "http://localhost:5000/callback";
        options.TokenIssuer = null;
        options.TokenAudience = null;

        var result = new MyInfoOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    public void FlowRetentionIsBetweenNothingAndADay(string retention, bool valid)
    {
        var options = Options(TestKeys.Shared.Client.KeyPath, TestKeys.Shared.MyInfo.CertificatePath);
        options.FlowRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture);

        var result = new MyInfoOptionsValidator().Validate(null, options);

        Assert.Equal(valid ? null : ["MyInfo:FlowRetention must be between 0 and 1 day."], result.Failures);
    }

    public void Dispose() => _folder.Dispose();

    private static MyInfoOptions Options(string? keyPath, string? certificatePath) => new()
    {
        Mode = ServiceMode.Test,
        AuthoriseUrl = "https://myinfo.example/com/v3/authorise",
        TokenUrl = "https://myinfo.example/com/v3/token",
        PersonUrl = "https://myinfo.example/com/v3/person",
        RedirectUri = "https://portal.example/callback",
        ClientId = "CLIENT",
        ClientSecret = "secret",
        ClientPrivateKeyPath = keyPath,
        MyInfoCertificatePath = certificatePath,
        TokenIssuer = "https://myinfo.example/serviceauth/myinfo-com",
        TokenAudience = "CLIENT",
    };
}
