using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Primitives;

namespace MyInfoPortal.Simulators.MyInfo;

/// <summary>
/// A validated authorise request, carried between the simulator's pages inside a Data Protection
/// envelope (so the browser can neither read nor alter it) together with when it started and, after
/// the picker, the chosen persona.
/// </summary>
public sealed record AuthoriseRequest(
    string ClientId,
    string RedirectUri,
    IReadOnlyList<string> Attributes,
    string Purpose,
    string State,
    string? SpEsvcId,
    long StartedAt,
    string? PersonaId = null);

/// <summary>Reads the raw query of <c>/authorise</c>; each parameter at most once.</summary>
public static partial class AuthoriseParameters
{
    public const int MaxState = 2048;
    public const int MaxPurpose = 500;
    public const int MaxAttributes = 100;

    public static readonly string[] Known = ["client_id", "attributes", "purpose", "state", "redirect_uri", "sp_esvcId", "authmode"];

    /// <summary>One value per name, or null (with the reason) when a parameter is repeated.</summary>
    public static IReadOnlyDictionary<string, string>? OnePerName(IEnumerable<KeyValuePair<string, StringValues>> query, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (values.Count != 1)
            {
                reason = "a parameter was repeated";
                return null;
            }

            result[key] = values[0] ?? string.Empty;
        }

        reason = null;
        return result;
    }

    public static bool TryParseAttributes(string? text, out List<string> attributes)
    {
        attributes = [];
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4096)
        {
            return false;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!AttributeName().IsMatch(part))
            {
                return false;
            }

            if (!attributes.Contains(part, StringComparer.Ordinal))
            {
                attributes.Add(part);
            }
        }

        return attributes.Count is > 0 and <= MaxAttributes;
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();
}

/// <summary>Seals an <see cref="AuthoriseRequest"/> into an opaque hidden-field value and opens it again.</summary>
public sealed class AuthoriseRequestProtector(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>How long a resident may spend on the picker and consent pages.</summary>
    public static readonly TimeSpan PageLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _protector = provider.CreateProtector("MyInfoPortal.Simulators.MyInfo.AuthoriseRequest.v1");

    public string Protect(AuthoriseRequest request) => _protector.Protect(JsonSerializer.Serialize(request));

    public AuthoriseRequest? Unprotect(string? sealedRequest)
    {
        if (string.IsNullOrEmpty(sealedRequest) || sealedRequest.Length > 16 * 1024)
        {
            return null;
        }

        AuthoriseRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<AuthoriseRequest>(_protector.Unprotect(sealedRequest));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }

        if (request is null)
        {
            return null;
        }

        var started = DateTimeOffset.FromUnixTimeSeconds(request.StartedAt);
        var now = time.GetUtcNow();
        return now >= started.AddMinutes(-1) && now - started <= PageLifetime ? request : null;
    }
}
