// Independent JWE peer for the SafeEntry tests, built on Node's `jose` (not on the portal's code).
//   node safeentry-jwe.mjs decrypt <private-key.pem>   reads a compact JWE on stdin, prints the plaintext
//   node safeentry-jwe.mjs encrypt <certificate.pem>   reads plaintext on stdin, prints a compact JWE
//                                                       (RSA-OAEP + A256GCM)
import { readFileSync } from 'node:fs';
import { compactDecrypt, CompactEncrypt, importPKCS8, importX509 } from 'jose';

const [command, keyPath] = process.argv.slice(2);
const input = readFileSync(0, 'utf8').trim();
const pem = readFileSync(keyPath, 'utf8');

if (command === 'decrypt') {
  const key = await importPKCS8(pem, 'RSA-OAEP');
  const { plaintext, protectedHeader } = await compactDecrypt(input, key, {
    keyManagementAlgorithms: ['RSA-OAEP'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  process.stderr.write(JSON.stringify(protectedHeader) + '\n');
  process.stdout.write(new TextDecoder().decode(plaintext));
} else if (command === 'encrypt') {
  const key = await importX509(pem, 'RSA-OAEP');
  const jwe = await new CompactEncrypt(new TextEncoder().encode(input))
    .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256GCM' })
    .encrypt(key);
  process.stdout.write(jwe);
} else {
  process.stderr.write('usage: safeentry-jwe.mjs decrypt|encrypt <pem>\n');
  process.exit(2);
}
