using Jose;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// jose-jwt settings with every algorithm outside an allow-list taken out, so that a call that forgot
/// to pin its algorithm still could not run another one. Call sites pin alg and enc as well.
/// </summary>
internal static class JoseSettings
{
    public static JwtSettings AllowOnly(JwsAlgorithm[] signing, JweAlgorithm[] keyManagement, JweEncryption[] contentEncryption)
    {
        var settings = new JwtSettings();
        foreach (var alg in Enum.GetValues<JwsAlgorithm>().Except(signing))
        {
            settings.DeregisterJws(alg);
        }

        foreach (var alg in Enum.GetValues<JweAlgorithm>().Except(keyManagement))
        {
            settings.DeregisterJwa(alg);
        }

        foreach (var enc in Enum.GetValues<JweEncryption>().Except(contentEncryption))
        {
            settings.DeregisterJwe(enc);
        }

        return settings;
    }
}
