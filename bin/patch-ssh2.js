#!/usr/bin/env node
// Gives ssh2 the post-quantum hybrid key exchange mlkem768x25519-sha256, first in its offer
// (README, "Post-quantum key exchange"). ssh2 1.17 has none and no hook to add one; its pending
// upstream change needs Node 24.7's own ML-KEM, and corectl supports Node 20.19. So this script,
// run by `npm install`/`npm ci` (postinstall), inserts three lines into ssh2's source:
//   - constants.js: the exchange's name, first in DEFAULT_KEX (and so in SUPPORTED_KEX);
//   - kex.js: the exchange class, made by src/connection/ssh2-pq/mlkem768x25519.cjs from ssh2's
//     own KeyExchange, and the `case` that picks it.
// Each insertion is anchored on ssh2's exact text and marked; run again, it changes nothing. A
// version of ssh2 whose text differs stops the install with what to do: the patch is kept in step
// with ssh2 by hand, and test/unit/connection/ssh2-pq-patch.test.ts fails until it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = '// corectl: post-quantum key exchange (bin/patch-ssh2.js)';
export const PATCHED_VERSIONS = ['1.17.0'];
const EXCHANGE = fileURLToPath(new URL('../src/connection/ssh2-pq/mlkem768x25519.cjs', import.meta.url));

const CONSTANTS_ANCHOR = `if (curve25519Supported) {
  DEFAULT_KEX.unshift('curve25519-sha256');
  DEFAULT_KEX.unshift('curve25519-sha256@libssh.org');
`;
const FACTORY_ANCHOR = `  return (negotiated, ...args) => {
    if (typeof negotiated !== 'object' || negotiated === null)`;
const CASE_ANCHOR = `        case 'curve25519-sha256':
        case 'curve25519-sha256@libssh.org':`;

/** Where ssh2 is for corectl, and its version. */
export function ssh2Location() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('ssh2/package.json');
  return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/** Patches ssh2 in place; returns what it did ('patched' or 'already'). Throws when ssh2's text is not the one the patch knows. */
export function patchSsh2(dir = ssh2Location().dir) {
  const constantsFile = join(dir, 'lib/protocol/constants.js');
  const kexFile = join(dir, 'lib/protocol/kex.js');
  const constants = readFileSync(constantsFile, 'utf8');
  const kex = readFileSync(kexFile, 'utf8');
  if (constants.includes(MARK) && kex.includes(MARK)) return 'already';
  const missing = [[constants, CONSTANTS_ANCHOR, 'constants.js'], [kex, FACTORY_ANCHOR, 'kex.js'], [kex, CASE_ANCHOR, 'kex.js']].filter(([text, anchor]) => !text.includes(anchor));
  if (missing.length > 0) {
    throw new Error(`ssh2 at ${dir} is not the source the post-quantum patch knows (${[...new Set(missing.map(([, , file]) => file))].join(', ')} changed); update bin/patch-ssh2.js for this ssh2, or install ssh2 ${PATCHED_VERSIONS.join(' or ')}`);
  }
  // A path from kex.js to the exchange, so that the checkout (or installed package) may move.
  const exchange = relative(dirname(kexFile), EXCHANGE).split('\\').join('/');
  writeFileSync(constantsFile, constants.replace(CONSTANTS_ANCHOR, `${CONSTANTS_ANCHOR}  DEFAULT_KEX.unshift('mlkem768x25519-sha256'); ${MARK}\n`));
  writeFileSync(kexFile, kex
    .replace(FACTORY_ANCHOR, `  const MlKem768X25519Exchange = require(${JSON.stringify(exchange.startsWith('.') ? exchange : `./${exchange}`)})(KeyExchange); ${MARK}\n${FACTORY_ANCHOR}`)
    .replace(CASE_ANCHOR, `        case 'mlkem768x25519-sha256': ${MARK}\n          if (!curve25519Supported)\n            break;\n          return new MlKem768X25519Exchange('sha256', ...args);\n${CASE_ANCHOR}`));
  return 'patched';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { dir, version } = ssh2Location();
    const done = patchSsh2(dir);
    console.log(`corectl: ssh2 ${version} ${done === 'patched' ? 'now offers' : 'already offers'} mlkem768x25519-sha256 (post-quantum key exchange)`);
  } catch (error) {
    console.error(`corectl: ${error.message}`);
    process.exit(1);
  }
}
