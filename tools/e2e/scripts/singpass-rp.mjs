// An independent relying party for the embedded Singpass FAPI 2.0 simulator, built on Node's
// openid-client (a certified OpenID RP library) and the platform's WebCrypto, not on the portal's code.
//
//   node singpass-rp.mjs --issuer <url> --client-id <id> --port <n> --keys <file>
//                        [--persona <id>] [--scope "<scopes>"] [--fault none|wrong-aud|replay-dpop-jti]
//
// It listens on 127.0.0.1:<port>, serving its public JWKS at /jwks.json (register it as the client's
// JwksUri) and its redirect URI at /callback. <keys> holds its private keys as a JWK Set: one ES256
// signing key and one ECDH-ES+A256KW P-256 encryption key, generated on the first run and reused after.
// The sign-in: discovery, PAR with PKCE S256, DPoP (one key for PAR, token and userinfo) and
// private_key_jwt; the simulator's persona and consent pages driven with plain HTTP (antiforgery
// cookie and token included); the 303 followed to /callback; the code exchanged for an encrypted ID
// token; the encrypted and signed userinfo fetched. Signatures of both are checked against the
// issuer's JWKS (non-repudiation checks), not only their claims.
//
// Prints one JSON line: {"ok":true, "name", "uinfin", "sub", ...} or {"ok":false, "stage", "error", ...}
// (exit code 1). Never prints codes, tokens or keys.
//
// --fault wrong-aud        the client assertion's aud is the PAR endpoint URL instead of the issuer
// --fault replay-dpop-jti  every DPoP proof carries the same jti (PAR passes, the token call must not)
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import * as client from 'openid-client';

const { values: args } = parseArgs({
  options: {
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    port: { type: 'string' },
    keys: { type: 'string' },
    persona: { type: 'string', default: 'S8523671G' },
    scope: { type: 'string', default: 'openid uinfin name sex dob nationality regadd' },
    fault: { type: 'string', default: 'none' },
    timeout: { type: 'string', default: '30' },
  },
  strict: true,
});

for (const required of ['issuer', 'client-id', 'port', 'keys']) {
  if (!args[required]) {
    process.stderr.write(`missing --${required}\n`);
    process.exit(2);
  }
}

if (!['none', 'wrong-aud', 'replay-dpop-jti'].includes(args.fault)) {
  process.stderr.write('--fault must be none, wrong-aud or replay-dpop-jti\n');
  process.exit(2);
}

const issuer = new URL(args.issuer);
const port = Number(args.port);
const base = `http://127.0.0.1:${port}`;
const redirectUri = `${base}/callback`;
const timeoutMs = Number(args.timeout) * 1000;
let stage = 'keys';

// --- the client's keys ----------------------------------------------------------------------------

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };
const ecdh = { name: 'ECDH', namedCurve: 'P-256' };

/** The private JWK Set: made on the first run, kept for the next (the simulator caches what it fetched). */
async function loadOrCreateKeys(path) {
  if (!existsSync(path)) {
    const sig = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
    const enc = await crypto.subtle.generateKey(ecdh, true, ['deriveBits']);
    const keys = [];
    for (const [pair, use, alg] of [[sig, 'sig', 'ES256'], [enc, 'enc', 'ECDH-ES+A256KW']]) {
      const { kty, crv, x, y, d } = await crypto.subtle.exportKey('jwk', pair.privateKey);
      const kid = await calculateJwkThumbprint({ kty, crv, x, y });
      keys.push({ kty, crv, x, y, d, kid, use, alg });
    }
    writeFileSync(path, JSON.stringify({ keys }, null, 2), { mode: 0o600, flag: 'wx' });
  }

  const { keys } = JSON.parse(readFileSync(path, 'utf8'));
  const find = (use) => {
    const jwk = keys.find((k) => k.use === use);
    if (!jwk) throw new Error(`the key file has no "use": "${use}" key`);
    return jwk;
  };
  const sigJwk = find('sig');
  const encJwk = find('enc');
  const privatePart = ({ kty, crv, x, y, d }) => ({ kty, crv, x, y, d });
  const publicPart = ({ kty, crv, x, y, kid, use, alg }) => ({ kty, crv, x, y, kid, use, alg });
  return {
    signing: { key: await crypto.subtle.importKey('jwk', privatePart(sigJwk), ecdsa, false, ['sign']), kid: sigJwk.kid },
    encryption: { key: await crypto.subtle.importKey('jwk', privatePart(encJwk), ecdh, false, ['deriveBits']), kid: encJwk.kid, alg: 'ECDH-ES+A256KW' },
    publicJwks: { keys: [publicPart(sigJwk), publicPart(encJwk)] },
  };
}

// --- the loopback listener: public JWKS and the redirect URI ----------------------------------------

function listen(publicJwks) {
  let resolveCallback;
  const callback = new Promise((resolve) => { resolveCallback = resolve; });
  const server = createServer((req, res) => {
    const url = new URL(req.url, base);
    if (req.method === 'GET' && url.pathname === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(publicJwks));
    } else if (req.method === 'GET' && url.pathname === '/callback') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Signed in: this window can be closed.');
      resolveCallback(url);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, callback }));
  });
}

// --- a user agent for the simulator's pages: cookies, forms, no automatic redirects ---------------

const cookies = new Map();

async function browse(url, init = {}) {
  const headers = new Headers(init.headers);
  if (cookies.size > 0) {
    headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  }
  const response = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return response;
}

function decodeEntities(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(parseInt(dec, 10)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag) {
  const result = {};
  for (const match of tag.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*"([^"]*)"/g)) {
    result[match[1].toLowerCase()] = decodeEntities(match[2]);
  }
  return result;
}

/** The form with this id: its absolute action URL and its hidden fields (the antiforgery token among them). */
function readForm(html, pageUrl, id) {
  const form = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)]
    .map((m) => m[0])
    .find((f) => attributes(f.slice(0, f.indexOf('>') + 1)).id === id);
  if (!form) throw new Error(`the page has no form "${id}"`);
  const open = attributes(form.slice(0, form.indexOf('>') + 1));
  const fields = new URLSearchParams();
  for (const match of form.matchAll(/<input\b[^>]*>/gi)) {
    const input = attributes(match[0]);
    if (input.type === 'hidden' && input.name) fields.append(input.name, input.value ?? '');
  }
  if (!fields.has('request')) throw new Error(`form "${id}" has no "request" field`);
  return { action: new URL(open.action ?? '', pageUrl), fields };
}

async function expectPage(response, what) {
  const body = await response.text();
  if (response.status !== 200) {
    throw Object.assign(new Error(`${what} answered ${response.status}`), { status: response.status });
  }
  return body;
}

async function submit(form, extra) {
  for (const [k, v] of Object.entries(extra)) form.fields.set(k, v);
  return browse(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.fields.toString(),
  });
}

// --- the sign-in ----------------------------------------------------------------------------------

function report(result, exitCode) {
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = exitCode;
}

let listener;
try {
  const keys = await loadOrCreateKeys(args.keys);
  stage = 'listen';
  listener = await listen(keys.publicJwks);

  stage = 'discovery';
  const assertionOptions = args.fault === 'wrong-aud'
    ? { [client.modifyAssertion]: (_header, payload) => { payload.aud = new URL('par', issuer.href + '/').href; } }
    : undefined;
  const config = await client.discovery(
    issuer,
    args['client-id'],
    {
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'ES256',
      id_token_encrypted_response_alg: 'ECDH-ES+A256KW',
      id_token_encrypted_response_enc: 'A256CBC-HS512',
      userinfo_encrypted_response_alg: 'ECDH-ES+A256KW',
      userinfo_encrypted_response_enc: 'A256GCM',
    },
    client.PrivateKeyJwt(keys.signing, assertionOptions),
    { execute: [client.allowInsecureRequests], timeout: Number(args.timeout) },
  );
  // Singpass documents A256CBC-HS512 for the ID token and A256GCM for userinfo: accept exactly those.
  client.enableDecryptingResponses(config, ['A256CBC-HS512', 'A256GCM'], keys.encryption);
  client.enableNonRepudiationChecks(config);

  const dpopOptions = args.fault === 'replay-dpop-jti'
    ? { [client.modifyAssertion]: (_header, payload) => { payload.jti = 'the-same-jti-every-time'; } }
    : undefined;
  const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'), dpopOptions);

  stage = 'par';
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: redirectUri,
    scope: args.scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }, { DPoP: dpop });

  stage = 'authorize';
  const pickerUrl = authorizationUrl.href;
  const picker = await expectPage(await browse(pickerUrl), 'the authorization endpoint');

  stage = 'persona';
  const consentResponse = await submit(readForm(picker, pickerUrl, 'persona-form'), { persona: args.persona });
  const consentUrl = consentResponse.url || pickerUrl;
  const consent = await expectPage(consentResponse, 'the persona form');

  stage = 'consent';
  const decided = await submit(readForm(consent, consentUrl, 'consent-form'), { decision: 'allow' });
  await decided.body?.cancel();
  const location = decided.headers.get('location');
  if (decided.status !== 303 || !location) {
    throw Object.assign(new Error(`the consent form answered ${decided.status}, not a 303 redirect`), { status: decided.status });
  }
  const target = new URL(location, consentUrl);
  if (`${target.origin}${target.pathname}` !== redirectUri) {
    throw new Error('the consent redirect does not lead to the registered redirect URI');
  }

  stage = 'callback';
  const followed = await browse(target);
  await followed.body?.cancel();
  const callbackUrl = await listener.callback;

  stage = 'token';
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  }, undefined, { DPoP: dpop });
  const idClaims = tokens.claims();
  if (tokens.token_type !== 'dpop') {
    throw new Error(`the token type is ${tokens.token_type}, not DPoP`);
  }

  stage = 'userinfo';
  const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub, { DPoP: dpop });
  const person = userinfo.person_info ?? {};
  report({
    ok: true,
    name: person.name?.value ?? null,
    uinfin: person.uinfin?.value ?? null,
    sub: userinfo.sub,
    idTokenSub: idClaims.sub,
    acr: idClaims.acr ?? null,
    attributes: Object.keys(person).sort(),
  }, 0);
} catch (err) {
  const failure = { ok: false, stage, name: err?.name ?? 'Error', message: String(err?.message ?? err) };
  if (err instanceof client.ResponseBodyError) {
    Object.assign(failure, { error: err.error, error_description: err.error_description ?? null, status: err.status });
  } else if (err instanceof client.WWWAuthenticateChallengeError) {
    const challenge = err.cause?.[0];
    Object.assign(failure, { error: challenge?.parameters?.error ?? null, status: err.status });
  } else if (err instanceof client.AuthorizationResponseError) {
    Object.assign(failure, { error: err.error, error_description: err.error_description ?? null });
  } else {
    if (err?.code) failure.code = err.code;
    if (err?.status) failure.status = err.status;
    if (err?.cause?.message) failure.cause = String(err.cause.message);
  }
  report(failure, 1);
} finally {
  listener?.server.close();
  listener?.server.closeAllConnections?.();
}
