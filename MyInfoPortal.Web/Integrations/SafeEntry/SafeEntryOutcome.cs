using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MyInfoPortal.Web.Integrations.SafeEntry;

public enum SafeEntryOutcomeKind
{
    /// <summary>201: the gateway has it. Never sent again.</summary>
    Accepted,

    /// <summary>400: permanent; the input must change. Detail is the gateway's message.</summary>
    Rejected,

    /// <summary>401 about the nonce or timestamp: a fresh, re-signed attempt may succeed.</summary>
    Resign,

    /// <summary>Other 401/403 and unexpected answers: configuration, not something a retry fixes.</summary>
    NeedsAttention,

    /// <summary>5xx, 408, 429 and connections that never opened: retried with backoff.</summary>
    Transient,

    /// <summary>
    /// The request went out but no answer came back (a timeout, or the connection closed before the answer):
    /// the gateway may have recorded it. Sent again only after SafeEntry:UnconfirmedRetryDelay.
    /// </summary>
    Unconfirmed,
}

/// <param name="Detail">For staff: the gateway's 400 message or our own description. Never personal data.</param>
public sealed record SafeEntryOutcome(SafeEntryOutcomeKind Kind, int? StatusCode, string Detail)
{
    /// <summary>
    /// No answer within SafeEntry:RequestTimeout. Counted as unconfirmed even when the time ran out while
    /// connecting: the client cannot tell the two apart, and waiting longer costs less than a second copy.
    /// </summary>
    public static SafeEntryOutcome Timeout { get; } = new(SafeEntryOutcomeKind.Unconfirmed, null,
        "The gateway did not answer in time; it may have recorded the submission.");

    /// <summary>The connection closed after the request was written and before any answer.</summary>
    public static SafeEntryOutcome ConnectionLost { get; } = new(SafeEntryOutcomeKind.Unconfirmed, null,
        "The connection closed before the gateway answered; it may have recorded the submission.");

    /// <summary>No connection was made (refused, name not resolved, TLS failed): nothing reached the gateway.</summary>
    public static SafeEntryOutcome ConnectionFailed { get; } = new(SafeEntryOutcomeKind.Transient, null, "The gateway could not be reached.");
}

/// <summary>Turns an HTTP answer from the gateway into what the dispatcher does next.</summary>
public static class SafeEntryOutcomes
{
    private const int MaxMessageLength = 200;

    public static SafeEntryOutcome Classify(int statusCode, string? body)
    {
        var message = ReadMessage(body);
        var status = statusCode.ToString(CultureInfo.InvariantCulture);
        return statusCode switch
        {
            201 => new(SafeEntryOutcomeKind.Accepted, statusCode, "Accepted by the gateway."),
            400 => new(SafeEntryOutcomeKind.Rejected, statusCode, message ?? "The gateway rejected the submission."),
            401 when message is not null && MentionsNonceOrTimestamp(message) =>
                new(SafeEntryOutcomeKind.Resign, statusCode, $"The gateway refused the request's nonce or timestamp: {message}"),
            401 => new(SafeEntryOutcomeKind.NeedsAttention, statusCode,
                $"The gateway refused our credentials (HTTP 401{Suffix(message)}). Check SafeEntry:AppId and the keys."),
            403 => new(SafeEntryOutcomeKind.NeedsAttention, statusCode,
                $"The gateway refused access (HTTP 403{Suffix(message)}). Check SafeEntry:EntryUrl."),
            408 or 425 or 429 or >= 500 => new(SafeEntryOutcomeKind.Transient, statusCode, $"The gateway is unavailable (HTTP {status})."),
            _ => new(SafeEntryOutcomeKind.NeedsAttention, statusCode, $"The gateway gave an unexpected answer (HTTP {status})."),
        };
    }

    private static string Suffix(string? message) => message is null ? string.Empty : ": " + message;

    private static bool MentionsNonceOrTimestamp(string message) =>
        message.Contains("nonce", StringComparison.OrdinalIgnoreCase) || message.Contains("timestamp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The <c>message</c> of a <c>{"code":..,"message":..}</c> body (a string, or a list of strings as the
    /// specification's 400 example shows), reduced to short printable text. Anything else gives null:
    /// upstream bodies are never shown or stored as they are.
    /// </summary>
    public static string? ReadMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > 16 * 1024)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("message", out var message))
            {
                return null;
            }

            var text = message.ValueKind switch
            {
                JsonValueKind.String => message.GetString(),
                JsonValueKind.Array => string.Join(", ", message.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString())),
                _ => null,
            };
            return Clean(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxMessageLength));
        foreach (var c in text)
        {
            if (builder.Length >= MaxMessageLength)
            {
                break;
            }

            builder.Append(c is >= ' ' and <= '~' ? c : ' ');
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
