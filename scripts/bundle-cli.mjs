// Bundles the compiled CLI (tsc's dist/cli/main.js and everything it imports) into a few files under
// dist/cli/bundle/, and points dist/cli/bin.js at them. Resolving and loading the ~110 small modules
// `inspect` imports was a fifth of a short command's wall time; one bundle (a chunk per command,
// loaded on demand as before) is read and compiled in one go. Packages under node_modules stay
// imports. Runs after `tsc -p tsconfig.build.json` (npm run build); the unbundled modules stay in
// dist/ for whatever imports them directly (the benchmarks, the server's tests).
//
// Every bundled file sits two folders under the repository (dist/cli/bundle/), as tsc's
// dist/pipeline/io/ modules do: the paths they resolve from import.meta.url (package.json, the
// shipped rules, the built web clients) therefore resolve the same.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const cliDir = path.join(root, 'dist/cli');
const outdir = path.join(cliDir, 'bundle');
const bin = path.join(cliDir, 'bin.js');
const FROM = "from './main.js'";
const TO = "from './bundle/main.js'";

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(cliDir, 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

const text = readFileSync(bin, 'utf8');
if (!text.includes(TO)) {
  if (text.split(FROM).length !== 2) {
    process.stderr.write(`bundle-cli: expected one import ${FROM} in ${bin}\n`);
    process.exit(2);
  }
  writeFileSync(bin, text.replace(FROM, TO));
}
