using System.Security.Cryptography;
using System.Text;
using MyInfoPortal.Web.Common;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Bench;

/// <summary>
/// Usage: dotnet run -c Release --project bench/MyInfoPortal.Bench [-- --quick]
/// Prints figures; asserts nothing. Run it on an otherwise idle machine for comparable numbers.
/// </summary>
internal static class BenchMain
{
    public static async Task Main(string[] args)
    {
        var quick = args.Contains("--quick");
        int Scale(int n) => quick ? Math.Max(10, n / 10) : n;

        Console.WriteLine($"MyInfoPortal benchmarks · {Environment.ProcessorCount} cores · .NET {Environment.Version}{(quick ? " · quick" : "")}");
        Console.WriteLine();
        Measure.Header();

        using var portalKey = RSA.Create(2048);
        using var peerKey = RSA.Create(2048);
        var signer = new PkiSigner(TimeProvider.System);

        // A person response of realistic size: ~4 KB of JSON.
        var person = Encoding.UTF8.GetBytes("{\"name\":{\"value\":\"TAN XIAO HUI\"}," + string.Concat(Enumerable.Range(0, 60).Select(i => $"\"attr{i}\":{{\"value\":\"value-{i:D4}-padding-padding\"}},")) + "\"uinfin\":{\"value\":\"S9812381D\"}}");
        var jws = JwsCodec.Sign(person, peerKey);
        var jwe = JweCodec.Encrypt(Encoding.ASCII.GetBytes('"' + jws + '"'), portalKey);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = "8932a98da8720a10e356bc76475d76c4c628aa7f",
            ["redirect_uri"] = "http://localhost:5000/callback",
            ["client_id"] = "MYINFOPORTAL",
            ["client_secret"] = "0123456789abcdef",
        };

        Measure.Run("PKI_SIGN token request (RSA-2048 sign)", Scale(2000), () => signer.Sign("POST", "https://example.test/token", form, "MYINFOPORTAL", portalKey));
        Measure.Run("JWS RS256 verify (4 KB payload)", Scale(5000), () => JwsCodec.Verify(jws, peerKey));
        Measure.Run("JWE RSA-OAEP+A256GCM encrypt (4 KB)", Scale(5000), () => JweCodec.Encrypt(person, peerKey));
        Measure.Run("JWE RSA-OAEP+A256GCM decrypt (4 KB)", Scale(2000), () => JweCodec.Decrypt(jwe, portalKey));
        Measure.Run("Person response: decrypt + verify", Scale(2000), () => JwsCodec.Verify(Encoding.ASCII.GetString(JweCodec.Decrypt(jwe, portalKey)).Trim('"'), peerKey));
        Measure.Run("NRIC/FIN checksum", Scale(200_000), () => Nric.IsValid("M5043078W"), warmup: 1000);
        Measure.Run("Mobile number normalise", Scale(200_000), () => MobileNumber.TryNormalise("+65 9123 4567", out _), warmup: 1000);

        using (var pipeline = new PipelineBench())
        {
            await pipeline.RunAsync(submissions: Scale(1000), concurrency: 8);
        }
    }
}
