// Times tcbscope's source-map attribution of a several-MB js_of_ocaml bundle next to a plain decode of
// the same map by the `source-map` library (SourceMapConsumer + eachMapping), each in its own child
// process so peak RSS (process.resourceUsage().maxRSS) belongs to one task.
// Needs `npm run build` (imports dist/) and `bash fixtures/js/build.sh` (fixtures/js/build/big.js + big.map:
// the OCaml parser from compiler-libs linked whole, js_of_ocaml --pretty --debug-info --source-map).
// Usage: node bench/js-bench.mjs [bundle.js map]   (child mode: node bench/js-bench.mjs --task <name> js map)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function runTask(task, jsPath, mapPath) {
  const t0 = process.hrtime.bigint();
  const js = readFileSync(jsPath);
  const mapText = readFileSync(mapPath, 'utf8');
  let detail;
  if (task === 'tcbscope') {
    const { readJsSourceMap } = await import(
      pathToFileURL(path.join(root, 'dist/builder/js/read-js-source-map.js')).href
    );
    const { attribution } = readJsSourceMap(js, mapText, { programPackage: 'bench' });
    detail = `${attribution.units.length} units, ${attribution.leaves.offset.length} leaves`;
  } else {
    const { SourceMapConsumer } = await import('source-map');
    const consumer = await new SourceMapConsumer(JSON.parse(mapText));
    let n = 0;
    consumer.eachMapping(() => {
      n++;
    });
    consumer.destroy();
    detail = `${n} mappings`;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ task, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, detail }));
}

function main() {
  const [jsPath, mapPath] =
    process.argv.length >= 4
      ? process.argv.slice(2, 4)
      : [path.join(root, 'fixtures/js/build/big.js'), path.join(root, 'fixtures/js/build/big.map')];
  if (!existsSync(jsPath) || !existsSync(mapPath)) {
    console.error(`js-bench: ${jsPath} or ${mapPath} missing; run: bash fixtures/js/build.sh`);
    process.exit(2);
  }
  if (!existsSync(path.join(root, 'dist/builder/js/read-js-source-map.js'))) {
    console.error('js-bench: dist/ missing; run: npm run build');
    process.exit(2);
  }
  console.log(
    `bundle ${path.basename(jsPath)} ${(statSync(jsPath).size / 1e6).toFixed(1)} MB, map ${(statSync(mapPath).size / 1e6).toFixed(1)} MB`,
  );
  const runs = Number(process.env.JS_BENCH_RUNS ?? 3);
  for (const task of ['tcbscope', 'source-map']) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const out = execFileSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--task', task, jsPath, mapPath],
        { encoding: 'utf8' },
      );
      results.push(JSON.parse(out.trim().split('\n').pop()));
    }
    const best = results.reduce((a, b) => (b.ms < a.ms ? b : a));
    const rss = Math.max(...results.map((r) => r.maxRssMB));
    const label =
      task === 'tcbscope'
        ? 'tcbscope readJsSourceMap (attribution)'
        : 'source-map SourceMapConsumer.eachMapping';
    console.log(
      `${label.padEnd(44)} best of ${runs}: ${best.ms.toFixed(0).padStart(6)} ms   peak RSS ${rss.toFixed(0).padStart(5)} MB   (${best.detail})`,
    );
  }
}

if (process.argv[2] === '--task') await runTask(process.argv[3], process.argv[4], process.argv[5]);
else main();
