using System.Text.Json;
using System.Text.Json.Serialization;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// The portal's own Singpass keys: a JWK Set file of private EC keys, at least one for signing
/// (<c>use: sig</c>, ES256) and one for decryption (<c>use: enc</c>, ECDH-ES+A256KW). Several of each
/// may stand side by side while keys rotate. Pure data: loading, checking, rotating and publishing.
/// </summary>
public sealed class SingpassKeySet
{
    public const string SigningAlgorithm = "ES256";

    public const string EncryptionAlgorithm = "ECDH-ES+A256KW";

    private static readonly JsonSerializerOptions FileFormat = new() { WriteIndented = true };

    public SingpassKeySet(IReadOnlyList<EcJwk> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
    }

    public IReadOnlyList<EcJwk> Keys { get; }

    public IEnumerable<EcJwk> SigningKeys => Keys.Where(k => k.Use == "sig");

    public IEnumerable<EcJwk> EncryptionKeys => Keys.Where(k => k.Use == "enc");

    /// <summary>
    /// The key assertions are signed with: the newest signing key that has been published for at least
    /// <paramref name="activationDelay"/>, or the oldest one when none has (a fresh installation).
    /// </summary>
    public EcJwk CurrentSigningKey(DateTimeOffset now, TimeSpan activationDelay)
    {
        var signing = SigningKeys.OrderBy(k => k.CreatedAt ?? 0).ToList();
        if (signing.Count == 0)
        {
            throw new InvalidOperationException("The Singpass key set has no signing key.");
        }

        var ready = signing.LastOrDefault(k => k.CreatedAt is null || DateTimeOffset.FromUnixTimeSeconds(k.CreatedAt.Value) + activationDelay <= now);
        return ready ?? signing[0];
    }

    /// <summary>The JWK Set to register with Singpass: public members only, never <c>d</c>.</summary>
    public string PublicJwksJson() =>
        JsonSerializer.Serialize(new KeySetFile { Keys = Keys.Select(k => k.PublicOnly()).ToList() });

    /// <summary>Problems that make the set unusable, each a sentence; empty when it is fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!SigningKeys.Any(k => k.IsPrivate && k.Crv == "P-256" && k.Alg is null or SigningAlgorithm))
        {
            problems.Add("it needs at least one private P-256 key with \"use\": \"sig\" (ES256)");
        }

        if (!EncryptionKeys.Any(k => k.IsPrivate && k.Alg is null or EncryptionAlgorithm))
        {
            problems.Add("it needs at least one private EC key with \"use\": \"enc\" (ECDH-ES+A256KW)");
        }

        if (Keys.Any(k => string.IsNullOrWhiteSpace(k.Kid)))
        {
            problems.Add("every key needs a \"kid\"");
        }
        else if (Keys.Select(k => k.Kid).Distinct(StringComparer.Ordinal).Count() != Keys.Count)
        {
            problems.Add("each \"kid\" must be unique");
        }

        if (Keys.Any(k => k.Use is not ("sig" or "enc")))
        {
            problems.Add("every key needs \"use\": \"sig\" or \"enc\"");
        }

        return problems;
    }

    public static SingpassKeySet Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Object ||
            !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            throw new JoseException("the file is not a JWK Set (an object with a \"keys\" array)");
        }

        return new SingpassKeySet(keys.EnumerateArray().Select(EcJwk.Parse).ToList());
    }

    /// <summary>A new set with one signing and one encryption key.</summary>
    public static SingpassKeySet Generate(DateTimeOffset now) => new([NewKey("sig", now), NewKey("enc", now)]);

    /// <summary>
    /// Adds a new signing and a new encryption key, and retires every key that already has two newer
    /// keys of its use, once the key that came after it has been published for
    /// <paramref name="activationDelay"/>: after rotations a month apart each use has the new key and the
    /// one before it, and rotating twice within the delay never retires the key Singpass still knows us by.
    /// </summary>
    public (SingpassKeySet Result, IReadOnlyList<EcJwk> Added, IReadOnlyList<EcJwk> Retired) Rotate(DateTimeOffset now, TimeSpan activationDelay)
    {
        var added = new[] { NewKey("sig", now), NewKey("enc", now) };
        var all = Keys.Concat(added).ToList();
        var retired = new List<EcJwk>();
        foreach (var use in all.GroupBy(k => k.Use))
        {
            var newestFirst = use.OrderByDescending(k => k.CreatedAt ?? 0).ToList();
            for (var i = 2; i < newestFirst.Count; i++)
            {
                var successor = newestFirst[i - 1];
                if (successor.CreatedAt is null || DateTimeOffset.FromUnixTimeSeconds(successor.CreatedAt.Value) + activationDelay <= now)
                {
                    retired.Add(newestFirst[i]);
                }
            }
        }

        return (new SingpassKeySet(all.Except(retired).ToList()), added, retired);
    }

    /// <summary>Writes the private set to <paramref name="path"/> atomically, readable by the owner only.</summary>
    public void Save(string path) => Write(path, overwrite: true);

    /// <summary>
    /// Writes the set only when no file is there yet (first run); when two processes race, the first
    /// file stays and both use it. Returns whether this call wrote it.
    /// </summary>
    public bool SaveIfAbsent(string path)
    {
        try
        {
            return Write(path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private bool Write(string path, bool overwrite)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(new KeySetFile { Keys = Keys.ToList() }, FileFormat));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, path, overwrite);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static EcJwk NewKey(string use, DateTimeOffset now)
    {
        var alg = use == "sig" ? SigningAlgorithm : EncryptionAlgorithm;
        var key = EcJwk.Generate("P-256", kid: null, use, alg, now.ToUnixTimeSeconds());

        // The thumbprint makes a kid that is unique and never reused; the prefix says what it is for.
        return key with { Kid = use + "-" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + key.Thumbprint()[..12] };
    }

    private sealed class KeySetFile
    {
        [JsonPropertyName("keys")]
        public required List<EcJwk> Keys { get; init; }
    }
}
