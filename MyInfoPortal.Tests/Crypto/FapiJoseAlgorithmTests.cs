using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jose;
using MyInfoPortal.Tests.Infrastructure;
using Thumbprint = MyInfoPortal.Web.Crypto.JwkThumbprint;

namespace MyInfoPortal.Tests.Crypto;

/// <summary>
/// What the Singpass FAPI provider will need from jose-jwt, on Linux and with ECDsa,
/// ECDiffieHellman and Jwk keys (never CngKey): ES256 signatures and ECDH-ES+A256KW encryption with
/// A256CBC-HS512 and A256GCM, each checked both ways against Node's jose as an independent peer.
/// The algorithms are pinned at every jose-jwt call, as production code will pin them.
/// </summary>
public sealed class FapiJoseAlgorithmTests
{
    private static readonly byte[] Claims = Encoding.UTF8.GetBytes(
        """{"sub":"u-3fa85f64","aud":"https://portal.example","nonce":"n-0S6_WzA2Mj","name":"JOSÉ MARÍA TAN"}""");

    public static TheoryData<string> KeyKinds() => ["ECDsa", "Jwk"];

    public static TheoryData<string, string> EncryptionCases() => new()
    {
        { "A256CBC-HS512", "ECDiffieHellman" },
        { "A256CBC-HS512", "Jwk" },
        { "A256GCM", "ECDiffieHellman" },
        { "A256GCM", "Jwk" },
    };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Es256SignedByJoseJwtVerifiesInNodeJose(string keyKind)
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        object signingKey = keyKind == "Jwk" ? PrivateJwk(key) : key;

        var jws = JWT.EncodeBytes(Claims, signingKey, JwsAlgorithm.ES256, new Dictionary<string, object> { ["typ"] = "dpop+jwt" });
        var (payload, header) = NodeJosePeer.ReadResult(
            await NodeJosePeer.RunAsync(folder, "verify", PublicJwkFile(folder, key), Encoding.ASCII.GetBytes(jws), "ES256"));

        Assert.Equal(Claims, payload);
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("dpop+jwt", header.GetProperty("typ").GetString());
        Assert.Equal(64, Web.Crypto.Base64Url.Decode(jws.Split('.')[2]).Length);
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Es256SignedByNodeJoseVerifiesInJoseJwt(string keyKind)
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        object verifyingKey = keyKind == "Jwk" ? PublicJwk(key) : publicOnly;

        var result = await NodeJosePeer.RunAsync(folder, "sign", PrivateJwkFile(folder, key), Claims, "ES256");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(Claims, JWT.VerifyBytes(result.StandardOutput, verifyingKey, JwsAlgorithm.ES256));
    }

    [Fact]
    public async Task Es256FromNodeJoseIsRefusedByJoseJwtWhenAlteredOrUnderAnotherKey()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await NodeJosePeer.RunAsync(folder, "sign", PrivateJwkFile(folder, key), Claims, "ES256");
        Assert.True(result.ExitCode == 0, result.StandardError);
        var jws = result.StandardOutput;
        var parts = jws.Split('.');
        var altered = parts[0] + "." + Web.Crypto.Base64Url.Encode("""{"sub":"someone-else"}"""u8) + "." + parts[2];

        Assert.Throws<IntegrityException>(() => JWT.VerifyBytes(altered, PublicJwk(key), JwsAlgorithm.ES256));
        Assert.Throws<IntegrityException>(() => JWT.VerifyBytes(jws, PublicJwk(other), JwsAlgorithm.ES256));
        Assert.Throws<InvalidAlgorithmException>(() => JWT.VerifyBytes(jws, PublicJwk(key), JwsAlgorithm.ES384));
    }

    [Theory]
    [MemberData(nameof(EncryptionCases))]
    public async Task EcdhEsA256KwFromNodeJoseDecryptsInJoseJwt(string enc, string keyKind)
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        object decryptionKey = keyKind == "Jwk" ? PrivateJwk(key) : key;

        var result = await NodeJosePeer.RunAsync(folder, "encrypt", PublicJwkFile(folder, key), Claims, "ECDH-ES+A256KW", enc);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var header = JWT.Headers(result.StandardOutput);
        Assert.Equal("ECDH-ES+A256KW", header["alg"]);
        Assert.Equal(enc, header["enc"]);
        Assert.Equal(Claims, JWT.DecodeBytes(result.StandardOutput, decryptionKey, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc)));
    }

    [Theory]
    [MemberData(nameof(EncryptionCases))]
    public async Task EcdhEsA256KwFromJoseJwtDecryptsInNodeJose(string enc, string keyKind)
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDiffieHellman.Create(key.ExportParameters(includePrivateParameters: false));
        object recipientKey = keyKind == "Jwk" ? PublicJwk(key) : publicOnly;

        var jwe = JWT.EncodeBytes(Claims, recipientKey, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc));
        var (plaintext, header) = NodeJosePeer.ReadResult(
            await NodeJosePeer.RunAsync(folder, "decrypt", PrivateJwkFile(folder, key), Encoding.ASCII.GetBytes(jwe), "ECDH-ES+A256KW", enc));

        Assert.Equal(Claims, plaintext);
        Assert.Equal("ECDH-ES+A256KW", header.GetProperty("alg").GetString());
        Assert.Equal(enc, header.GetProperty("enc").GetString());
        Assert.Equal("P-256", header.GetProperty("epk").GetProperty("crv").GetString());
    }

    [Theory]
    [InlineData("A256CBC-HS512")]
    [InlineData("A256GCM")]
    public void EcdhEsA256KwIsRefusedByJoseJwtWhenTamperedOrUnderAnotherKeyOrAnotherEnc(string enc)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = JWT.EncodeBytes(Claims, PublicJwk(key), JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc));
        var otherEnc = enc == "A256GCM" ? JweEncryption.A256CBC_HS512 : JweEncryption.A256GCM;

        Assert.Equal(Claims, JWT.DecodeBytes(jwe, key, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc)));
        Assert.ThrowsAny<Jose.JoseException>(() => JWT.DecodeBytes(CryptoTestSupport.FlipByte(jwe, 3, index: 4), key, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc)));
        Assert.ThrowsAny<Jose.JoseException>(() => JWT.DecodeBytes(CryptoTestSupport.FlipByte(jwe, 4), key, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc)));
        Assert.ThrowsAny<Jose.JoseException>(() => JWT.DecodeBytes(jwe, other, JweAlgorithm.ECDH_ES_A256KW, EncryptionOf(enc)));
        Assert.Throws<InvalidAlgorithmException>(() => JWT.DecodeBytes(jwe, key, JweAlgorithm.ECDH_ES_A256KW, otherEnc));
        Assert.Throws<InvalidAlgorithmException>(() => JWT.DecodeBytes(jwe, key, JweAlgorithm.ECDH_ES, EncryptionOf(enc)));
    }

    [Fact]
    public void JwkThumbprintOfTheRfc7638ExampleIsTheRfcValue()
    {
        var vector = CryptoTestSupport.Vector("rfc7638-3.1-thumbprint.json");
        var key = Jwk.FromJson(vector.GetProperty("key").GetRawText());

        Assert.Equal(vector.GetProperty("thumbprint").GetString(), Thumbprint.Sha256(key));
    }

    [Fact]
    public async Task EcJwkThumbprintMatchesNodeJoseAndIgnoresThePrivatePart()
    {
        using var folder = new TempFolder("mip-jose");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = await NodeJosePeer.RunAsync(folder, "thumbprint", PublicJwkFile(folder, key), []);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(result.StandardOutput, Thumbprint.Sha256(PublicJwk(key)));
        Assert.Equal(result.StandardOutput, Thumbprint.Sha256(PrivateJwk(key)));
    }

    private static JweEncryption EncryptionOf(string enc) => enc switch
    {
        "A256CBC-HS512" => JweEncryption.A256CBC_HS512,
        "A256GCM" => JweEncryption.A256GCM,
        _ => throw new ArgumentOutOfRangeException(nameof(enc), enc, null),
    };

    private static Jwk PublicJwk(ECAlgorithm key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return new Jwk { Kty = Jwk.KeyTypes.EC, Crv = "P-256", X = Web.Crypto.Base64Url.Encode(q.X), Y = Web.Crypto.Base64Url.Encode(q.Y) };
    }

    private static Jwk PrivateJwk(ECAlgorithm key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var jwk = PublicJwk(key);
        jwk.D = Web.Crypto.Base64Url.Encode(parameters.D);
        return jwk;
    }

    private static string PublicJwkFile(TempFolder folder, ECAlgorithm key) => WriteJwk(folder, PublicJwk(key), "public.jwk.json");

    private static string PrivateJwkFile(TempFolder folder, ECAlgorithm key) => WriteJwk(folder, PrivateJwk(key), "private.jwk.json");

    private static string WriteJwk(TempFolder folder, Jwk jwk, string name)
    {
        var path = folder.Combine(name);
        File.WriteAllText(path, jwk.ToJson());
        return path;
    }
}

/// <summary>
/// Node's <c>jose</c> (installed by <c>npm ci</c> in tools/e2e) as a peer for any algorithm the
/// caller names, with the algorithm pinned on its side too. Keys are JWK files or PEM files.
/// </summary>
internal static class NodeJosePeer
{
    private const string Script = """
        const jose = require('jose');
        const fs = require('fs');
        const [op, keyFile, dataFile, alg, enc] = process.argv.slice(2);
        const text = (f) => fs.readFileSync(f, 'utf8').trim();
        const key = async (isPrivate) => {
          const k = text(keyFile);
          if (k.startsWith('{')) return jose.importJWK(JSON.parse(k), alg);
          return isPrivate ? jose.importPKCS8(k, alg) : jose.importSPKI(k, alg);
        };
        const result = (data, header) => process.stdout.write(JSON.stringify({ data: Buffer.from(data).toString('base64'), header }));
        (async () => {
          if (op === 'sign') {
            process.stdout.write(await new jose.CompactSign(fs.readFileSync(dataFile)).setProtectedHeader({ alg }).sign(await key(true)));
          } else if (op === 'verify') {
            const { payload, protectedHeader } = await jose.compactVerify(text(dataFile), await key(false), { algorithms: [alg] });
            result(payload, protectedHeader);
          } else if (op === 'encrypt') {
            process.stdout.write(await new jose.CompactEncrypt(fs.readFileSync(dataFile)).setProtectedHeader({ alg, enc }).encrypt(await key(false)));
          } else if (op === 'decrypt') {
            const { plaintext, protectedHeader } = await jose.compactDecrypt(text(dataFile), await key(true),
              { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] });
            result(plaintext, protectedHeader);
          } else if (op === 'thumbprint') {
            process.stdout.write(await jose.calculateJwkThumbprint(JSON.parse(text(keyFile)), 'sha256'));
          } else {
            throw new Error('unknown operation');
          }
        })().catch((e) => { process.stderr.write(String((e && e.code) || e)); process.exit(2); });
        """;

    public static async Task<ProcessResult> RunAsync(TempFolder folder, string operation, string keyFile, byte[] data, string alg = "", string enc = "")
    {
        var modules = RepoPaths.NodeModules;
        Assert.True(Directory.Exists(Path.Combine(modules, "jose")),
            "Node's jose is not installed: run ./test.sh (it runs npm ci in tools/e2e) or npm ci there.");
        var script = folder.Combine("jose-peer.cjs");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script);
        }

        var dataFile = folder.Combine(operation + "-" + Guid.NewGuid().ToString("N") + ".bin");
        await File.WriteAllBytesAsync(dataFile, data);
        return await CryptoTestSupport.RunAsync("node", [script, operation, keyFile, dataFile, alg, enc], folder.Path,
            new Dictionary<string, string> { ["NODE_PATH"] = modules });
    }

    public static (byte[] Data, JsonElement Header) ReadResult(ProcessResult result) => NodeJose.ReadResult(result);
}
