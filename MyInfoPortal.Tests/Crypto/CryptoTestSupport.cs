using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Crypto;

/// <summary>RSA keys from RFC JWKs, JOSE test objects, and the outside tools (openssl, node + jose) used as independent checks.</summary>
internal static class CryptoTestSupport
{
    public static JsonElement Vector(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData(Path.Combine("jose", name))));
        return document.RootElement.Clone();
    }

    /// <summary>An RSA private key from a JWK (RFC 7518 section 6.3), padded to the lengths RSAParameters needs.</summary>
    public static RSA RsaFromJwk(JsonElement jwk)
    {
        byte[] Field(string name) => Base64Url.Decode(jwk.GetProperty(name).GetString()!);
        var modulus = Field("n");
        var half = (modulus.Length + 1) / 2;
        var parameters = new RSAParameters
        {
            Modulus = modulus,
            Exponent = Field("e"),
            D = LeftPad(Field("d"), modulus.Length),
            P = LeftPad(Field("p"), half),
            Q = LeftPad(Field("q"), half),
            DP = LeftPad(Field("dp"), half),
            DQ = LeftPad(Field("dq"), half),
            InverseQ = LeftPad(Field("qi"), half),
        };
        return RSA.Create(parameters);
    }

    public static RSA PublicOnly(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RSA.Create(key.ExportParameters(includePrivateParameters: false));
    }

    /// <summary>A compact JWE built by hand, so a test can choose any header, key wrapping and content cipher.</summary>
    public static string BuildJwe(string headerJson, byte[] plaintext, RSA? recipient, RSAEncryptionPadding? padding = null, int cekBytes = 32, byte[]? encryptedKeyOverride = null)
    {
        var header = Base64Url.Encode(Encoding.UTF8.GetBytes(headerJson));
        var cek = RandomNumberGenerator.GetBytes(cekBytes);
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(cek, 16))
        {
            gcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        }

        var encryptedKey = encryptedKeyOverride ?? recipient!.Encrypt(cek, padding ?? RSAEncryptionPadding.OaepSHA1);
        return string.Join('.', header, Base64Url.Encode(encryptedKey), Base64Url.Encode(iv), Base64Url.Encode(ciphertext), Base64Url.Encode(tag));
    }

    /// <summary>The compact object with one byte of one segment flipped (decoded, changed, re-encoded).</summary>
    public static string FlipByte(string compact, int segment, int index = 0)
    {
        var parts = compact.Split('.');
        var bytes = Base64Url.Decode(parts[segment]);
        bytes[index] ^= 0x01;
        parts[segment] = Base64Url.Encode(bytes);
        return string.Join('.', parts);
    }

    public static string WritePkcs8(TempFolder folder, RSA key, string name = "key.pem")
    {
        var path = folder.Combine(name);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    public static string WriteSpki(TempFolder folder, RSA key, string name = "public.pem")
    {
        var path = folder.Combine(name);
        File.WriteAllText(path, key.ExportSubjectPublicKeyInfoPem());
        return path;
    }

    public static Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null) =>
        ChildProcess.RunAsync(fileName, arguments, workingDirectory, environment?.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)));

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length >= length)
        {
            return value;
        }

        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }
}

/// <summary>
/// Runs Node's <c>jose</c> library (installed by <c>npm ci</c> in tools/e2e, as test.sh does) as an
/// independent implementation to check our JWE and JWS against.
/// </summary>
internal static class NodeJose
{
    private const string Script = """
        const jose = require('jose');
        const fs = require('fs');
        const [op, keyFile, dataFile] = process.argv.slice(2);
        const text = (f) => fs.readFileSync(f, 'utf8').trim();
        (async () => {
          if (op === 'decrypt') {
            const key = await jose.importPKCS8(text(keyFile), 'RSA-OAEP');
            const { plaintext, protectedHeader } = await jose.compactDecrypt(text(dataFile), key);
            process.stdout.write(JSON.stringify({ data: Buffer.from(plaintext).toString('base64'), header: protectedHeader }));
          } else if (op === 'encrypt') {
            const key = await jose.importSPKI(text(keyFile), 'RSA-OAEP');
            const jwe = await new jose.CompactEncrypt(fs.readFileSync(dataFile)).setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM' }).encrypt(key);
            process.stdout.write(jwe);
          } else if (op === 'verify') {
            const key = await jose.importSPKI(text(keyFile), 'RS256');
            const { payload, protectedHeader } = await jose.compactVerify(text(dataFile), key);
            process.stdout.write(JSON.stringify({ data: Buffer.from(payload).toString('base64'), header: protectedHeader }));
          } else if (op === 'sign') {
            const key = await jose.importPKCS8(text(keyFile), 'RS256');
            process.stdout.write(await new jose.CompactSign(fs.readFileSync(dataFile)).setProtectedHeader({ alg: 'RS256' }).sign(key));
          } else {
            throw new Error('unknown operation');
          }
        })().catch((e) => { process.stderr.write(String((e && e.code) || e)); process.exit(2); });
        """;

    public static async Task<ProcessResult> RunAsync(TempFolder folder, string operation, string keyFile, byte[] data)
    {
        var modules = RepoPaths.NodeModules;
        Assert.True(Directory.Exists(Path.Combine(modules, "jose")),
            "Node's jose is not installed: run ./test.sh (it runs npm ci in tools/e2e) or npm ci there.");
        var script = folder.Combine("jose-check.cjs");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script);
        }

        var dataFile = folder.Combine(operation + "-" + Guid.NewGuid().ToString("N") + ".bin");
        await File.WriteAllBytesAsync(dataFile, data);
        return await CryptoTestSupport.RunAsync("node", [script, operation, keyFile, dataFile], folder.Path,
            new Dictionary<string, string> { ["NODE_PATH"] = modules });
    }

    public static (byte[] Data, JsonElement Header) ReadResult(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, "node jose failed: " + result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        return (Convert.FromBase64String(json.RootElement.GetProperty("data").GetString()!), json.RootElement.GetProperty("header").Clone());
    }
}
