using System.Diagnostics.CodeAnalysis;

namespace MyInfoPortal.Web.Common;

/// <summary>
/// Singapore mobile numbers: eight digits starting with 8 or 9. Accepts the +65, 65 and 0065 prefixes
/// and spaces or hyphens between digit groups; normalises to the bare eight digits.
/// </summary>
public static class MobileNumber
{
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? normalised)
    {
        normalised = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }

        var compact = new string(input.Where(c => c is not (' ' or '-' or '\u00A0')).ToArray());
        if (compact.StartsWith("+65", StringComparison.Ordinal))
        {
            compact = compact[3..];
        }
        else if (compact.StartsWith("0065", StringComparison.Ordinal))
        {
            compact = compact[4..];
        }
        else if (compact.Length == 10 && compact.StartsWith("65", StringComparison.Ordinal))
        {
            compact = compact[2..];
        }

        if (compact.Length != 8 || compact[0] is not ('8' or '9') || !compact.All(char.IsAsciiDigit))
        {
            return false;
        }

        normalised = compact;
        return true;
    }

    /// <summary>Only the last four digits stay, e.g. <c>****4567</c>.</summary>
    public static string Mask(string? number)
    {
        var value = number ?? string.Empty;
        return value.Length <= 4 ? new string('*', value.Length) : new string('*', value.Length - 4) + value[^4..];
    }
}
