using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Web.Integrations.Singpass;

/// <summary>
/// The key set from <c>Singpass:KeysPath</c>, re-read when the file changes (so <c>keys rotate</c> on a
/// running portal is published without a restart), checked at most every few seconds.
/// </summary>
public sealed class SingpassKeys(IOptions<SingpassOptions> options, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private SingpassKeySet? _current;
    private DateTime _loadedWriteTime;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public SingpassKeySet Current
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_gate)
            {
                if (_current is not null && now - _checkedAt < RecheckInterval)
                {
                    return _current;
                }

                _checkedAt = now;
                var path = options.Value.KeysPath
                    ?? throw new InvalidOperationException($"{SingpassOptions.Section}:KeysPath is not configured.");
                var writeTime = File.GetLastWriteTimeUtc(path);
                if (_current is null || writeTime != _loadedWriteTime)
                {
                    var loaded = SingpassKeySet.Load(path);
                    if (loaded.Problems().Count == 0 || _current is null)
                    {
                        _current = loaded;
                        _loadedWriteTime = writeTime;
                    }
                }

                return _current;
            }
        }
    }

    public EcJwk SigningKey => Current.CurrentSigningKey(time.GetUtcNow(), options.Value.KeyActivationDelay);

    /// <summary>Our private decryption keys: the one named by <paramref name="kid"/>, or all of them when none is named.</summary>
    public IEnumerable<EcJwk> DecryptionKeys(string? kid) =>
        kid is null
            ? Current.EncryptionKeys
            : Current.EncryptionKeys.Where(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
}
