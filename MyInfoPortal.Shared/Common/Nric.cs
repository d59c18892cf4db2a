namespace MyInfoPortal.Web.Common;

/// <summary>
/// Singapore NRIC/FIN: a prefix letter, seven digits and a check letter. Weights 2 7 6 5 4 3 2,
/// an offset per prefix (S/F 0, T/G 4, M 3), the sum mod 11 indexes a per-series table.
/// The M table differs from F/G only at index 8 (J instead of M).
/// </summary>
public static class Nric
{
    private static readonly int[] Weights = [2, 7, 6, 5, 4, 3, 2];
    private const string StTable = "JZIHGFEDCBA";
    private const string FgTable = "XWUTRQPNMLK";
    private const string MTable = "XWUTRQPNJLK";

    /// <summary>Upper-cases and trims; does not validate.</summary>
    public static string Normalise(string? value) => (value ?? string.Empty).Trim().ToUpperInvariant();

    public static bool IsValid(string? value)
    {
        var id = Normalise(value);
        if (id.Length != 9 || !char.IsAsciiLetterUpper(id[0]) || !char.IsAsciiLetterUpper(id[8]))
        {
            return false;
        }

        var (offset, table) = id[0] switch
        {
            'S' => (0, StTable),
            'T' => (4, StTable),
            'F' => (0, FgTable),
            'G' => (4, FgTable),
            'M' => (3, MTable),
            _ => (-1, string.Empty),
        };
        if (offset < 0)
        {
            return false;
        }

        var total = offset;
        for (var i = 0; i < 7; i++)
        {
            var c = id[i + 1];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            total += (c - '0') * Weights[i];
        }

        return table[total % 11] == id[8];
    }

    /// <summary>
    /// PDPC-style masking: only the last three digits and the check letter stay, e.g. <c>*****567D</c>.
    /// Anything shorter than five characters is masked whole.
    /// </summary>
    public static string Mask(string? value)
    {
        var id = Normalise(value);
        if (id.Length < 5)
        {
            return new string('*', id.Length);
        }

        return new string('*', id.Length - 4) + id[^4..];
    }
}
