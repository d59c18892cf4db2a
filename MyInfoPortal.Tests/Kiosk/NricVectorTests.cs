using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Common;

namespace MyInfoPortal.Tests.Kiosk;

/// <summary>The NRIC/FIN checksum against every line of the shared vectors file (M series included).</summary>
public sealed class NricVectorTests
{
    public static TheoryData<string, bool, string> Vectors()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var vector in Read())
        {
            data.Add(vector.Id, vector.Valid, vector.Note);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ChecksumMatchesVector(string id, bool valid, string note)
    {
        Assert.True(Nric.IsValid(id) == valid, $"{id} should be {(valid ? "valid" : "invalid")} {note}");
    }

    [Fact]
    public void EveryLineOfTheVectorFileIsUsed()
    {
        var lines = File.ReadAllLines(RepoPaths.TestData("nric-vectors.txt"))
            .Where(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#'))
            .ToList();
        var vectors = Read();

        Assert.Equal(lines.Count, vectors.Count);
        Assert.Contains(vectors, v => v.Id.StartsWith('M') && v.Valid);
        Assert.Contains(vectors, v => v.Id.StartsWith('M') && !v.Valid);
        Assert.True(vectors.Count >= 30, "the vectors file looks truncated");
    }

    [Fact]
    public void LowerCaseAndSurroundingSpacesAreAcceptedAsTheSameId()
    {
        Assert.True(Nric.IsValid("  s1234567d "));
        Assert.Equal("*****567D", Nric.Mask(" s1234567d"));
    }

    private static List<(string Id, bool Valid, string Note)> Read()
    {
        var result = new List<(string, bool, string)>();
        foreach (var raw in File.ReadAllLines(RepoPaths.TestData("nric-vectors.txt")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var verdict = parts[1] switch
            {
                "valid" => true,
                "invalid" => false,
                _ => throw new InvalidDataException("Unreadable vector line: " + line),
            };
            result.Add((parts[0], verdict, parts.Length > 2 ? "(" + parts[2] + ")" : string.Empty));
        }

        return result;
    }
}
