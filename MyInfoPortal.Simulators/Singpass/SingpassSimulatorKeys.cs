using Microsoft.Extensions.Options;
using MyInfoPortal.Web.Crypto;
using MyInfoPortal.Web.Integrations.Singpass;

namespace MyInfoPortal.Simulators.Singpass;

/// <summary>
/// The simulator's ES256 signing keys: one from <c>Simulators:Singpass:SigningKeysPath</c> (generated at
/// first run), plus, once the "JWKS rotated" fault is switched on, a fresh one that signs from then on.
/// Both stay published, so a client that refetches the JWKS once finds the new key.
/// </summary>
public sealed class SingpassSimulatorKeys
{
    private readonly Lock _gate = new();
    private readonly List<EcJwk> _keys;
    private EcJwk _current;

    public SingpassSimulatorKeys(IOptions<SimulatorOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var path = options.Value.Singpass.SigningKeysPath;
        EcJwk key;
        if (string.IsNullOrWhiteSpace(path))
        {
            key = NewKey(time);
        }
        else
        {
            // Made once at first run; a concurrent start that loses the race reads the winner's file.
            new SingpassKeySet([NewKey(time)]).SaveIfAbsent(path);
            key = SingpassKeySet.Load(path).SigningKeys.First(k => k.IsPrivate);
        }

        _keys = [key];
        _current = key;
    }

    public EcJwk Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The public JWK Set: every key the simulator has signed with since it started.</summary>
    public string PublicJwksJson()
    {
        lock (_gate)
        {
            return new SingpassKeySet(_keys).PublicJwksJson();
        }
    }

    /// <summary>Signs from now on with a new key, published beside the old one.</summary>
    public EcJwk Rotate(TimeProvider time)
    {
        lock (_gate)
        {
            _current = NewKey(time);
            _keys.Add(_current);
            return _current;
        }
    }

    private static EcJwk NewKey(TimeProvider time)
    {
        var key = EcJwk.Generate("P-256", kid: null, "sig", "ES256", time.GetUtcNow().ToUnixTimeSeconds());
        return key with { Kid = "sim-sig-" + key.Thumbprint()[..16] };
    }
}
