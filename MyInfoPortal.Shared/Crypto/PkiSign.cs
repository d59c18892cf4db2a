using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MyInfoPortal.Web.Crypto;

/// <summary>
/// The PKI_SIGN scheme shared by Myinfo v3 and SafeEntry: an RS256 signature over
/// <c>METHOD&amp;url&amp;k=v&amp;...</c> where the pairs are the request's own parameters plus
/// app_id, nonce, signature_method and timestamp, sorted ordinally, with raw (not percent-encoded) values.
/// </summary>
public static class PkiSign
{
    public const string Scheme = "PKI_SIGN";
    public const string SignatureMethod = "RS256";

    public static string BuildBaseString(
        string method, string url, IEnumerable<KeyValuePair<string, string>> requestParameters,
        string appId, string nonce, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(requestParameters);

        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in requestParameters)
        {
            if (!all.TryAdd(key, value))
            {
                throw new ArgumentException($"Parameter '{key}' appears twice; PKI_SIGN cannot sign a repeated key.", nameof(requestParameters));
            }
        }

        foreach (var (key, value) in AuthParameters(appId, nonce, timestamp))
        {
            if (!all.TryAdd(key, value))
            {
                throw new ArgumentException($"Request parameter '{key}' collides with a PKI_SIGN parameter.", nameof(requestParameters));
            }
        }

        var builder = new StringBuilder(method.ToUpperInvariant()).Append('&').Append(url);
        foreach (var (key, value) in all)
        {
            builder.Append('&').Append(key).Append('=').Append(value);
        }

        return builder.ToString();
    }

    public static string SignBaseString(string baseString, RSA privateKey) =>
        Convert.ToBase64String(privateKey.SignData(Encoding.UTF8.GetBytes(baseString), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool VerifyBaseString(string baseString, string signature, RSA publicKey)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            return publicKey.VerifyData(Encoding.UTF8.GetBytes(baseString), raw, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>A fresh 128-bit nonce, as 32 lower-case hex characters.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static IEnumerable<KeyValuePair<string, string>> AuthParameters(string appId, string nonce, long timestamp)
    {
        yield return new("app_id", appId);
        yield return new("nonce", nonce);
        yield return new("signature_method", SignatureMethod);
        yield return new("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>One signed request's authorisation values.</summary>
public sealed record PkiSignature(string AppId, string Nonce, long Timestamp, string Signature)
{
    /// <summary>Myinfo's order: timestamp, nonce, app_id, signature_method, signature (no spaces).</summary>
    public string ToMyInfoHeader() => string.Create(CultureInfo.InvariantCulture,
        $"{PkiSign.Scheme} timestamp=\"{Timestamp}\",nonce=\"{Nonce}\",app_id=\"{AppId}\",signature_method=\"{PkiSign.SignatureMethod}\",signature=\"{Signature}\"");

    /// <summary>The SafeEntry specification's order: app_id, nonce, signature_method, signature, timestamp.</summary>
    public string ToSafeEntryHeader() => string.Create(CultureInfo.InvariantCulture,
        $"{PkiSign.Scheme} app_id=\"{AppId}\",nonce=\"{Nonce}\",signature_method=\"{PkiSign.SignatureMethod}\",signature=\"{Signature}\",timestamp=\"{Timestamp}\"");
}

/// <summary>Signs outbound requests: one call per attempt, so each attempt has its own nonce and timestamp.</summary>
public sealed class PkiSigner(TimeProvider time)
{
    public (PkiSignature Signature, string BaseString) Sign(
        string method, string url, IEnumerable<KeyValuePair<string, string>> requestParameters, string appId, RSA privateKey)
    {
        var nonce = PkiSign.NewNonce();
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var baseString = PkiSign.BuildBaseString(method, url, requestParameters, appId, nonce, timestamp);
        return (new PkiSignature(appId, nonce, timestamp, PkiSign.SignBaseString(baseString, privateKey)), baseString);
    }
}
