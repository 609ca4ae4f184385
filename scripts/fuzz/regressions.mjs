// Regression fixtures: each failing input the fuzzer finds is kept as small files under
// test/fuzz/regressions/ — the input, its second file when the format has one, and a JSON note of
// what it exercised and how it failed — so a test can replay it after the fix.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes one failure as `<target>-<hash>.input` (+ `.aux`) and `.json`; returns the base name. */
export function saveRegression(dir, failure, seed) {
  mkdirSync(dir, { recursive: true });
  const { input, result } = failure;
  const hash = createHash('sha256')
    .update(input.data)
    .update(input.aux ?? new Uint8Array())
    .digest('hex')
    .slice(0, 12);
  const base = `${input.target}-${hash}`;
  writeFileSync(join(dir, `${base}.input`), input.data);
  if (input.aux !== undefined) writeFileSync(join(dir, `${base}.aux`), input.aux);
  const note = {
    target: input.target,
    exercised: `${input.target} parser, mutated from ${input.seed}${input.auxName ? ` with ${input.auxName}` : ''}`,
    found: {
      command: `node scripts/fuzz.mjs --seed ${seed}`,
      index: failure.index,
      outcome: result.outcome,
      error: result.error,
      ...(failure.originalSize !== undefined
        ? { shrunkFrom: failure.originalSize, bytes: failure.size }
        : {}),
    },
  };
  writeFileSync(join(dir, `${base}.json`), JSON.stringify(note, null, 2) + '\n');
  return base;
}

/** Every saved regression: `{ name, target, data, aux?, note }`, sorted by name. */
export function loadRegressions(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const base = join(dir, n.slice(0, -'.json'.length));
      const note = JSON.parse(readFileSync(join(dir, n), 'utf8'));
      const regression = {
        name: n.slice(0, -5),
        target: note.target,
        data: readFileSync(`${base}.input`),
        note,
      };
      if (existsSync(`${base}.aux`)) regression.aux = readFileSync(`${base}.aux`);
      return regression;
    });
}
