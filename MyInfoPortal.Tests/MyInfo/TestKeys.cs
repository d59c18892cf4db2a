using System.Security.Cryptography;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>
/// Key pairs made at run time in a temp folder: the portal's (client) and a stand-in Myinfo's.
/// Never committed, never reused across test runs.
/// </summary>
public sealed class TestKeys : IDisposable
{
    private static readonly Lazy<TestKeys> SharedKeys = new(() =>
    {
        var keys = new TestKeys();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => keys.Dispose();
        return keys;
    });

    private static readonly Lazy<RSA> SharedStranger = new(() => RSA.Create(2048));

    private readonly TempFolder _folder = new("mip-keys");

    public TestKeys()
    {
        Client = DevelopmentCertificates.Ensure(_folder.Path, "client", "Test client", TimeProvider.System);
        MyInfo = DevelopmentCertificates.Ensure(_folder.Path, "myinfo", "Test Myinfo", TimeProvider.System);
        ClientKey = KeyLoader.LoadPrivateKey(Client.KeyPath);
        MyInfoKey = KeyLoader.LoadPrivateKey(MyInfo.KeyPath);
    }

    /// <summary>One set for the whole test run (RSA key generation is slow); still made at run time.</summary>
    public static TestKeys Shared => SharedKeys.Value;

    /// <summary>A key nobody trusts, for "signed or encrypted by someone else" cases.</summary>
    public static RSA Stranger => SharedStranger.Value;

    public DevelopmentCertificates.Pair Client { get; }

    public DevelopmentCertificates.Pair MyInfo { get; }

    /// <summary>The portal's private key (its public half is in <see cref="Client"/>'s certificate).</summary>
    public RSA ClientKey { get; }

    /// <summary>Myinfo's signing key.</summary>
    public RSA MyInfoKey { get; }

    public void Dispose()
    {
        ClientKey.Dispose();
        MyInfoKey.Dispose();
        _folder.Dispose();
    }
}
