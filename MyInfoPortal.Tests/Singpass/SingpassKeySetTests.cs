using System.Net;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>
/// The portal's own Singpass key set: what a fresh set holds, how rotation adds and retires keys, which
/// key signs when, what makes a set unusable, and that the public set never carries a private member.
/// </summary>
public sealed class SingpassKeySetTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Delay = new SingpassOptions().KeyActivationDelay;

    private readonly TempFolder _folder = new("mip-keyset");

    [Fact]
    public void NewSetHasOnePrivateSigningAndOnePrivateEncryptionKey()
    {
        var set = SingpassKeySet.Generate(Start);

        var signing = Assert.Single(set.SigningKeys);
        var encryption = Assert.Single(set.EncryptionKeys);
        Assert.Equal(("P-256", "ES256", true), (signing.Crv, signing.Alg, signing.IsPrivate));
        Assert.Equal(("P-256", "ECDH-ES+A256KW", true), (encryption.Crv, encryption.Alg, encryption.IsPrivate));
        Assert.NotEqual(signing.Kid, encryption.Kid);
        Assert.Empty(set.Problems());
        Assert.Same(signing, set.CurrentSigningKey(Start, Delay));
    }

    [Fact]
    public void RotationAddsAPairAndKeepsThePreviousOne()
    {
        var set = SingpassKeySet.Generate(Start);

        var (rotated, added, retired) = set.Rotate(Start + TimeSpan.FromDays(30), Delay);

        Assert.Equal(4, rotated.Keys.Count);
        Assert.Equal(["enc", "sig"], added.Select(k => k.Use!).Order(StringComparer.Ordinal));
        Assert.Empty(retired);
        Assert.Empty(rotated.Problems());
        Assert.Equal(4, rotated.Keys.Select(k => k.Kid).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void SecondRotationRetiresTheOldestPairOnly()
    {
        var original = SingpassKeySet.Generate(Start);
        var (once, firstAdded, _) = original.Rotate(Start + TimeSpan.FromDays(30), Delay);

        var (twice, secondAdded, retired) = once.Rotate(Start + TimeSpan.FromDays(60), Delay);

        Assert.Equal(original.Keys.Select(k => k.Kid).Order(StringComparer.Ordinal), retired.Select(k => k.Kid).Order(StringComparer.Ordinal));
        Assert.Equal(
            firstAdded.Concat(secondAdded).Select(k => k.Kid).Order(StringComparer.Ordinal),
            twice.Keys.Select(k => k.Kid).Order(StringComparer.Ordinal));
        Assert.Equal(2, twice.SigningKeys.Count());
        Assert.Equal(2, twice.EncryptionKeys.Count());
        Assert.Empty(twice.Problems());
    }

    [Fact]
    public void RotatingAgainWithinTheActivationDelayKeepsTheKeysSingpassKnows()
    {
        var original = SingpassKeySet.Generate(Start);
        var firstAt = Start + TimeSpan.FromDays(30);
        var (once, firstAdded, _) = original.Rotate(firstAt, Delay);

        // An operator runs the command again ten minutes later: the original pair is still the one in use.
        var (twice, _, retiredSoon) = once.Rotate(firstAt + TimeSpan.FromMinutes(10), Delay);

        Assert.Empty(retiredSoon);
        Assert.Equal(6, twice.Keys.Count);
        Assert.Equal(original.SigningKeys.Single().Kid, twice.CurrentSigningKey(firstAt + TimeSpan.FromMinutes(10), Delay).Kid);
        Assert.Contains(twice.EncryptionKeys, k => k.Kid == original.EncryptionKeys.Single().Kid);

        // Once the first new pair has been published long enough, a later rotation retires what it replaced.
        var laterAt = firstAt + Delay + TimeSpan.FromMinutes(1);
        var (thrice, _, retiredLater) = twice.Rotate(laterAt, Delay);
        Assert.Equal(original.Keys.Select(k => k.Kid).Order(StringComparer.Ordinal), retiredLater.Select(k => k.Kid).Order(StringComparer.Ordinal));
        Assert.Equal(firstAdded.Single(k => k.Use == "sig").Kid, thrice.CurrentSigningKey(laterAt, Delay).Kid);
        Assert.Empty(thrice.Problems());
    }

    [Fact]
    public void NewSigningKeySignsOnlyAfterTheActivationDelay()
    {
        var set = SingpassKeySet.Generate(Start);
        var old = set.SigningKeys.Single();
        var rotatedAt = Start + TimeSpan.FromDays(30);
        var (rotated, added, _) = set.Rotate(rotatedAt, Delay);
        var fresh = added.Single(k => k.Use == "sig");

        Assert.Equal(old.Kid, rotated.CurrentSigningKey(rotatedAt, Delay).Kid);
        Assert.Equal(old.Kid, rotated.CurrentSigningKey(rotatedAt + Delay - TimeSpan.FromSeconds(1), Delay).Kid);
        Assert.Equal(fresh.Kid, rotated.CurrentSigningKey(rotatedAt + Delay, Delay).Kid);
    }

    [Fact]
    public void FreshInstallationSignsWithItsOnlyKeyAtOnce()
    {
        var set = SingpassKeySet.Generate(Start);

        Assert.Equal(set.SigningKeys.Single().Kid, set.CurrentSigningKey(Start, TimeSpan.FromHours(5)).Kid);
    }

    [Fact]
    public void SetWithoutSigningKeyCannotSign()
    {
        var set = new SingpassKeySet([.. SingpassKeySet.Generate(Start).EncryptionKeys]);

        Assert.Throws<InvalidOperationException>(() => set.CurrentSigningKey(Start, Delay));
        Assert.Contains(set.Problems(), p => p.Contains("\"use\": \"sig\"", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BrokenSets() => new()
    {
        { "no-enc", "\"use\": \"enc\"" },
        { "public-sig", "\"use\": \"sig\"" },
        { "public-enc", "\"use\": \"enc\"" },
        { "p384-sig", "\"use\": \"sig\"" },
        { "missing-kid", "every key needs a \"kid\"" },
        { "duplicate-kid", "each \"kid\" must be unique" },
        { "no-use", "\"use\": \"sig\" or \"enc\"" },
        { "wrong-alg", "\"use\": \"sig\"" },
    };

    [Theory]
    [MemberData(nameof(BrokenSets))]
    public void UnusableSetsNameTheirProblem(string breakage, string expected)
    {
        var good = SingpassKeySet.Generate(Start);
        var sig = good.SigningKeys.Single();
        var enc = good.EncryptionKeys.Single();
        IReadOnlyList<EcJwk> keys = breakage switch
        {
            "no-enc" => [sig],
            "public-sig" => [sig.PublicOnly(), enc],
            "public-enc" => [sig, enc.PublicOnly()],
            "p384-sig" => [EcJwk.Generate("P-384", "sig-384", "sig", "ES256"), enc],
            "missing-kid" => [sig with { Kid = null }, enc],
            "duplicate-kid" => [sig, enc with { Kid = sig.Kid }],
            "no-use" => [sig, enc, EcJwk.Generate("P-256", "extra", use: null, alg: null)],
            "wrong-alg" => [sig with { Alg = "ES384" }, enc],
            _ => throw new ArgumentOutOfRangeException(nameof(breakage)),
        };

        var problems = new SingpassKeySet(keys).Problems();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void PublicJwksNeverHoldsAPrivateMember()
    {
        var (set, _, _) = SingpassKeySet.Generate(Start).Rotate(Start + TimeSpan.FromDays(1), Delay);

        var json = set.PublicJwksJson();

        AssertPublicOnly(json, set.Keys.Select(k => k.Kid!));
        Assert.All(set.Keys, k => Assert.True(k.IsPrivate));
    }

    [Fact]
    public void SavedSetIsReadableByTheOwnerOnlyAndLoadsBackTheSame()
    {
        var path = _folder.Combine("keys", "singpass.jwks.json");
        var set = SingpassKeySet.Generate(Start);

        set.Save(path);
        var loaded = SingpassKeySet.Load(path);

        Assert.Equal(set.Keys, loaded.Keys);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void FirstRunWriteNeverReplacesAnExistingSet()
    {
        var path = _folder.Combine("singpass.jwks.json");
        var first = SingpassKeySet.Generate(Start);
        var second = SingpassKeySet.Generate(Start);

        Assert.True(first.SaveIfAbsent(path));
        Assert.False(second.SaveIfAbsent(path));

        Assert.Equal(first.Keys, SingpassKeySet.Load(path).Keys);
    }

    [Fact]
    public void FileThatIsNotAJwkSetIsRefused()
    {
        var path = _folder.Combine("not-a-set.json");
        File.WriteAllText(path, """[{"kty":"EC"}]""");

        Assert.Throws<JoseException>(() => SingpassKeySet.Load(path));
    }

    [Fact]
    public async Task WellKnownJwksServesThePublicKeysOnly()
    {
        using var factory = new SingpassFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        AssertPublicOnly(await response.Content.ReadAsStringAsync(), SingpassFactory.PortalKeys.Keys.Select(k => k.Kid!));
    }

    [Fact]
    public async Task RotatedKeysArePublishedWithoutARestart()
    {
        var path = _folder.Combine("portal.jwks.json");
        var set = SingpassKeySet.Generate(Start);
        set.Save(path);
        using var factory = new SingpassFactory();
        factory.With("Singpass:KeysPath", path);
        using var client = factory.CreateClient();
        using var before = await client.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));

        var (rotated, _, _) = set.Rotate(factory.Clock.GetUtcNow(), Delay);
        rotated.Save(path);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        using var after = await client.GetAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));

        AssertPublicOnly(await before.Content.ReadAsStringAsync(), set.Keys.Select(k => k.Kid!));
        AssertPublicOnly(await after.Content.ReadAsStringAsync(), rotated.Keys.Select(k => k.Kid!));
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertPublicOnly(string json, IEnumerable<string> expectedKids)
    {
        using var document = JsonDocument.Parse(json);
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(expectedKids.Order(StringComparer.Ordinal), keys.Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            Assert.False(key.TryGetProperty("d", out _), "a published key holds its private member");
            Assert.Equal("EC", key.GetProperty("kty").GetString());
            Assert.True(key.TryGetProperty("x", out _) && key.TryGetProperty("y", out _));
            Assert.Contains(key.GetProperty("use").GetString(), new[] { "sig", "enc" });
        }

        Assert.DoesNotContain("\"d\"", json, StringComparison.Ordinal);
    }
}
