using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyInfoPortal.Tests.Crypto;
using MyInfoPortal.Tests.Infrastructure;
using MyInfoPortal.Web.Crypto;

namespace MyInfoPortal.Tests.Singpass;

/// <summary>A compact JWS taken apart for inspection (nothing verified by this).</summary>
public sealed record DecodedJws(JsonObject Header, JsonObject Payload, string SigningInput, byte[] Signature);

public static class ProofInspection
{
    public static DecodedJws Decode(string compact)
    {
        ArgumentNullException.ThrowIfNull(compact);
        var parts = compact.Split('.');
        Assert.Equal(3, parts.Length);
        return new DecodedJws(
            JsonNode.Parse(Base64Url.Decode(parts[0]))!.AsObject(),
            JsonNode.Parse(Base64Url.Decode(parts[1]))!.AsObject(),
            parts[0] + "." + parts[1],
            Base64Url.Decode(parts[2]));
    }
}

/// <summary>
/// Signs any header and payload with an EC key (ES256, the JWS form of the signature), so a test can
/// make the malformed proofs a strict server must refuse: wrong typ, a private jwk, odd claims.
/// </summary>
public static class TestJws
{
    public static string Es256(JsonObject header, JsonObject payload, EcJwk key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        using var ecdsa = key.ToECDsa();
        return input + "." + Base64Url.Encode(ecdsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>The public members of a key as a JWK object (what a DPoP header carries).</summary>
    public static JsonObject PublicJwk(EcJwk key, bool withPrivate = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var jwk = new JsonObject { ["kty"] = "EC", ["crv"] = key.Crv, ["x"] = key.X, ["y"] = key.Y };
        if (withPrivate)
        {
            jwk["d"] = key.D;
        }

        return jwk;
    }

    /// <summary>The compact JWS with one byte of its signature changed.</summary>
    public static string Tampered(string compact) => CryptoTestSupport.FlipByte(compact, 2, 5);
}

/// <summary>
/// Node's <c>jose</c> (installed by <c>npm ci</c> in tools/e2e) as the independent implementation for the
/// FAPI cryptography: EC thumbprints, DPoP proof verification with the embedded key, and ECDH-ES+A256KW
/// JWEs around ES256 JWSs in both directions. One script, one JSON request file per call.
/// </summary>
internal static class NodeFapiJose
{
    private const string Script = """
        const jose = require('jose');
        const fs = require('fs');
        const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
        (async () => {
          let result;
          if (request.op === 'thumbprint') {
            result = { thumbprint: await jose.calculateJwkThumbprint(request.jwk, 'sha256') };
          } else if (request.op === 'verify-dpop') {
            const { payload, protectedHeader } = await jose.jwtVerify(request.jws, jose.EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
            result = { payload, header: protectedHeader };
          } else if (request.op === 'verify') {
            const key = await jose.importJWK(request.key, 'ES256');
            const { payload, protectedHeader } = await jose.compactVerify(request.jws, key, { algorithms: ['ES256'] });
            result = { payload: JSON.parse(Buffer.from(payload).toString('utf8')), header: protectedHeader };
          } else if (request.op === 'sign-and-encrypt') {
            const signingKey = await jose.importJWK(request.signingKey, 'ES256');
            const jws = await new jose.CompactSign(Buffer.from(JSON.stringify(request.claims)))
              .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: request.signingKey.kid })
              .sign(signingKey);
            const alg = request.alg || 'ECDH-ES+A256KW';
            const recipient = await jose.importJWK(request.recipient, alg);
            const header = Object.assign({ alg, enc: request.enc, cty: 'JWT', kid: request.recipient.kid }, request.extraHeader || {});
            result = { jwe: await new jose.CompactEncrypt(Buffer.from(jws)).setProtectedHeader(header).encrypt(recipient) };
          } else if (request.op === 'decrypt-and-verify') {
            const key = await jose.importJWK(request.key, 'ECDH-ES+A256KW');
            const { plaintext, protectedHeader } = await jose.compactDecrypt(request.jwe, key, { keyManagementAlgorithms: ['ECDH-ES+A256KW'] });
            const verifyKey = await jose.importJWK(request.verifyKey, 'ES256');
            const verified = await jose.compactVerify(Buffer.from(plaintext).toString('utf8'), verifyKey, { algorithms: ['ES256'] });
            result = {
              jweHeader: protectedHeader,
              jwsHeader: verified.protectedHeader,
              payload: JSON.parse(Buffer.from(verified.payload).toString('utf8')),
            };
          } else {
            throw new Error('unknown operation');
          }
          process.stdout.write(JSON.stringify(result));
        })().catch((e) => { process.stderr.write(String((e && e.code) || e)); process.exit(2); });
        """;

    private static readonly Lazy<TempFolder> Folder = new(() =>
    {
        var folder = new TempFolder("mip-node-fapi");
        File.WriteAllText(folder.Combine("fapi-jose.cjs"), Script);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    });

    /// <summary>Runs one operation; fails the test with Node's error when it does not succeed.</summary>
    public static async Task<JsonObject> RunAsync(JsonObject request)
    {
        var result = await TryRunAsync(request);
        Assert.True(result.ExitCode == 0, "node jose failed: " + result.StandardError);
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    public static async Task<ProcessResult> TryRunAsync(JsonObject request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var modules = RepoPaths.NodeModules;
        Assert.True(Directory.Exists(Path.Combine(modules, "jose")),
            "Node's jose is not installed: run ./test.sh (it runs npm ci in tools/e2e) or npm ci there.");
        var folder = Folder.Value;
        var requestFile = folder.Combine("request-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(requestFile, request.ToJsonString());
        try
        {
            return await CryptoTestSupport.RunAsync("node", [folder.Combine("fapi-jose.cjs"), requestFile], folder.Path,
                new Dictionary<string, string> { ["NODE_PATH"] = modules });
        }
        finally
        {
            File.Delete(requestFile);
        }
    }

    /// <summary>A key as Node's importJWK wants it (our EcJwk's JSON, without our own iat member).</summary>
    public static JsonObject Jwk(EcJwk key)
    {
        var node = JsonSerializer.SerializeToNode(key)!.AsObject();
        node.Remove("iat");
        return node;
    }
}
