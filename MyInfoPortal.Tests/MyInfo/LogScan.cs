using System.Text.RegularExpressions;

namespace MyInfoPortal.Tests.MyInfo;

/// <summary>security.md G: what must never appear in any log sink.</summary>
public static partial class LogScan
{
    /// <summary>Every hit, described without repeating the secret itself.</summary>
    public static List<string> Find(string logs, IEnumerable<string> secrets)
    {
        var hits = new List<string>();
        foreach (var secret in secrets.Distinct(StringComparer.Ordinal))
        {
            if (logs.Contains(secret, StringComparison.Ordinal))
            {
                hits.Add($"a secret value of length {secret.Length} starting '{secret[..4]}'");
            }
        }

        if (logs.Contains("eyJ", StringComparison.Ordinal))
        {
            hits.Add("'eyJ' (a JWT, JWS or JWE)");
        }

        foreach (Match match in FullNric().Matches(logs))
        {
            var start = Math.Max(0, match.Index - 60);
            hits.Add("full NRIC/FIN in: " + logs[start..Math.Min(logs.Length, match.Index + 12)].Replace(match.Value, "<NRIC>", StringComparison.Ordinal));
        }

        return hits;
    }

    /// <summary>The console output plus every file the portal's file sink wrote.</summary>
    public static string Collect(string console, string logsFolder) =>
        console + "\n" + string.Join('\n', Directory.Exists(logsFolder)
            ? Directory.EnumerateFiles(logsFolder, "*", SearchOption.AllDirectories).Select(ReadShared)
            : []);

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("[STFGM]\\d{7}[A-Z]", RegexOptions.CultureInvariant)]
    private static partial Regex FullNric();
}
