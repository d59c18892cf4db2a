using System.Globalization;

namespace MyInfoPortal.Bench;

/// <summary>
/// One line of the result table: a figure, the reference it is judged against (measured in the same run),
/// and their ratio, each over the runs (min / median / max), with the target the ratio should meet.
/// </summary>
internal sealed class Figure(string name, string unit, string reference, string target, Func<double, bool>? meets = null)
{
    private readonly List<(double Value, double Reference)> _runs = [];

    public string Name => name;

    public void Add(double value, double referenceValue) => _runs.Add((value, referenceValue));

    public bool HasRuns => _runs.Count > 0;

    public double MedianRatio => Median(_runs.Select(r => r.Value / r.Reference));

    public bool? Met => meets is null || _runs.Count == 0 ? null : meets(MedianRatio);

    public string[] Cells() =>
    [
        name,
        Spread(_runs.Select(r => r.Value), unit),
        reference + ": " + Spread(_runs.Select(r => r.Reference), string.Empty),
        Spread(_runs.Select(r => r.Value / r.Reference), string.Empty, ratio: true),
        target,
        Met switch { true => "met", false => "NOT met", null => "" },
    ];

    private static string Spread(IEnumerable<double> values, string unit, bool ratio = false)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "-";
        }

        string F(double v) => ratio ? v.ToString("0.00", CultureInfo.InvariantCulture) : Format(v);
        var suffix = unit.Length == 0 ? string.Empty : " " + unit;
        return sorted.Length == 1
            ? F(sorted[0]) + suffix
            : $"{F(Median(sorted))}{suffix} ({F(sorted[0])}-{F(sorted[^1])})";
    }

    public static string Format(double v) => Math.Abs(v) switch
    {
        >= 1000 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal static class Table
{
    public static void Print(TextWriter output, IEnumerable<string[]> rows, string[] header)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        void Line(string[] row) => output.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))) + " |");
        Line(header);
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in all.Skip(1))
        {
            Line(row);
        }
    }
}
