using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace MyInfoPortal.Web.Features.SignIn;

/// <summary>What arrived on /callback, after <see cref="SignInInput.ParseCallback"/> accepted its shape.</summary>
public sealed record CallbackInput(string State, string? Code, string? Error);

/// <summary>
/// Checks raw query values before any database or network work: each parameter at most once, printable
/// ASCII, short, and in the form we issue (state) or Myinfo issues (code).
/// </summary>
public static partial class SignInInput
{
    public const int MaxParameterLength = 512;

    public const int MaxQueryLength = 4096;

    public static bool IsSecret(string? value) => value is not null && SecretPattern().IsMatch(value);

    /// <returns>The input, or null with a reason fit for the logs (it never quotes the values).</returns>
    public static CallbackInput? ParseCallback(IQueryCollection query, int queryLength, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (queryLength > MaxQueryLength)
        {
            reason = "query string is too long";
            return null;
        }

        if (!TryGetSingle(query, "state", out var state, out reason) ||
            !TryGetSingle(query, "code", out var code, out reason) ||
            !TryGetSingle(query, "error", out var error, out reason))
        {
            return null;
        }

        if (state is null)
        {
            reason = "state is missing";
            return null;
        }

        if (!SecretPattern().IsMatch(state))
        {
            reason = "state is not in the form the portal issues";
            return null;
        }

        if (code is null == (error is null))
        {
            reason = code is null ? "neither code nor error is present" : "both code and error are present";
            return null;
        }

        if (code is not null && !CodePattern().IsMatch(code))
        {
            reason = "code has unexpected characters";
            return null;
        }

        reason = string.Empty;
        return new CallbackInput(state, code, error);
    }

    /// <summary>The JSON API's <c>code</c> parameter.</summary>
    public static string? ParseCode(IQueryCollection query, int queryLength, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (queryLength > MaxQueryLength)
        {
            reason = "query string is too long";
            return null;
        }

        if (!TryGetSingle(query, "code", out var code, out reason))
        {
            return null;
        }

        if (code is null)
        {
            reason = "code is missing";
            return null;
        }

        if (!CodePattern().IsMatch(code))
        {
            reason = "code has unexpected characters";
            return null;
        }

        return code;
    }

    /// <summary>
    /// The RFC 9207 <c>iss</c> parameter of a callback: null when absent, and false when it appears twice
    /// or is not printable ASCII (it is then refused like any other malformed parameter).
    /// </summary>
    public static bool TryGetIssuer(IQueryCollection query, out string? issuer, out string reason) =>
        TryGetSingle(query, "iss", out issuer, out reason);

    /// <summary>Singpass's (OAuth's) refusal codes; anything else is reported as "other" so the logs never echo input.</summary>
    public static string ClassifyOAuthError(string error) => error switch
    {
        "access_denied" or "login_required" or "consent_required" or "interaction_required" => error,
        "server_error" or "temporarily_unavailable" => error,
        "invalid_request" or "invalid_scope" or "unauthorized_client" or "invalid_client" => error,
        _ => "other",
    };

    /// <summary>Myinfo's refusal reasons; anything else is reported as "other" so the logs never echo input.</summary>
    public static string ClassifyError(string error) => error switch
    {
        "access_denied" => "access_denied",
        "500" => "500",
        "503" => "503",
        _ => "other",
    };

    private static bool TryGetSingle(IQueryCollection query, string name, out string? value, out string reason)
    {
        value = null;
        reason = string.Empty;
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            reason = name + " appears more than once";
            return false;
        }

        var single = values[0] ?? string.Empty;
        if (single.Length == 0)
        {
            reason = name + " is empty";
            return false;
        }

        if (single.Length > MaxParameterLength)
        {
            reason = name + " is too long";
            return false;
        }

        foreach (var c in single)
        {
            if (c is < '!' or > '~')
            {
                reason = name + " has non-ASCII, space or control characters";
                return false;
            }
        }

        value = single;
        return true;
    }

    /// <summary>32 bytes in base64url without padding: our state values and cookie secrets.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{43}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();

    /// <summary>Codes are hex, UUIDs or base64-like tokens depending on the issuer.</summary>
    [GeneratedRegex("^[A-Za-z0-9._~+/=-]{1,512}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
