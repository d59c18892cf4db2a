// Reference figure for the benchmark (bench/): how many Myinfo person responses Node's `jose` opens per
// second of the process's CPU time (as `openssl speed` divides by CPU time), one at a time. Each is the
// portal's own job: RSA-OAEP + A256GCM decrypt, then RS256 verify of the quoted JWS inside.
//   node person-decrypt-bench.mjs <folder> <seconds>
// The folder holds person.jwe, portal-private.pem and myinfo-public.pem, written by the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactDecrypt, compactVerify, importPKCS8, importSPKI } from 'jose';

const [folder, seconds] = process.argv.slice(2);
const jwe = readFileSync(join(folder, 'person.jwe'), 'utf8').trim();
const decryptKey = await importPKCS8(readFileSync(join(folder, 'portal-private.pem'), 'utf8'), 'RSA-OAEP');
const verifyKey = await importSPKI(readFileSync(join(folder, 'myinfo-public.pem'), 'utf8'), 'RS256');
const decoder = new TextDecoder();

async function once() {
  const { plaintext } = await compactDecrypt(jwe, decryptKey, {
    keyManagementAlgorithms: ['RSA-OAEP'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  const jws = decoder.decode(plaintext).replace(/^"|"$/g, '');
  const { payload } = await compactVerify(jws, verifyKey, { algorithms: ['RS256'] });
  return payload.length;
}

for (let i = 0; i < 200; i++) await once();
const end = performance.now() + Number(seconds) * 1000;
const cpuBefore = process.cpuUsage();
let count = 0;
while (performance.now() < end) {
  if ((await once()) === 0) throw new Error('empty payload');
  count++;
}
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(String(count / ((cpu.user + cpu.system) / 1e6)) + '\n');
