import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUTCOMES, runFuzz } from '../../scripts/fuzz/run-fuzz.mjs';
import { builtFile, check } from '../support/test-needs.js';

const REPO = resolve(import.meta.dirname, '../..');
const built = check(builtFile(resolve(REPO, 'dist/builder/elf/read-elf.js'), 'npm run build'));

// A slice of the campaign `npm run fuzz` runs: the same targets, mutators and bounds, 2,000 inputs.
describe.skipIf(built.skip)(built.title('fuzzing a 2,000-input slice'), () => {
  it('ends every input as ok or a clean rejection: no crash, no hang, no out-of-memory', async () => {
    const summary = await runFuzz({
      root: REPO,
      dist: pathToFileURL(resolve(REPO, 'dist') + '/'),
      data: resolve(REPO, '../shared/data'),
      seed: 20,
      count: 2000,
      workers: 1,
      timeoutMs: 10_000,
      memoryMb: 256,
    });
    const failures = summary.failures.map((f) => `${f.signature}: input ${f.index}: ${f.result.error}`);
    expect(failures).toEqual([]);
    const total = (o: (typeof OUTCOMES)[number]) =>
      Object.values(summary.counts).reduce((n, c) => n + c[o], 0);
    expect(OUTCOMES.map(total)).toEqual([expect.any(Number), expect.any(Number), 0, 0, 0]);
    expect(total('ok') + total('rejected')).toBe(2000);
    // The committed fixtures alone give seeds for these targets (the rest need ../shared/data or .cache).
    for (const target of ['elf', 'elf-dwarf', 'elf-notes', 'elf-symbols', 'ld-map', 'manifest', 'budget'])
      expect(summary.counts[target]?.ok ?? 0, target).toBeGreaterThan(0);
  });
});
