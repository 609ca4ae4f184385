import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRegressions } from '../../scripts/fuzz/regressions.mjs';
import { cleanUp, loadLibrary, TARGETS, type FuzzLibrary } from '../../scripts/fuzz/targets.mjs';
import { builtFile, check } from '../support/test-needs.js';

const REPO = resolve(import.meta.dirname, '../..');
const built = check(builtFile(resolve(REPO, 'dist/builder/elf/read-elf.js'), 'npm run build'));
const regressions = loadRegressions(resolve(import.meta.dirname, 'regressions'));

// Every input the fuzzer once crashed on, replayed through the same target: it must now be read or
// refused with the user-facing error, never end in another exception.
describe.skipIf(built.skip)(built.title('fuzz regressions'), () => {
  let lib: FuzzLibrary | undefined;
  const library = async () =>
    (lib ??= await loadLibrary(pathToFileURL(resolve(REPO, 'dist') + '/').href, REPO));
  afterAll(() => lib && cleanUp(lib));

  it('keeps at least one regression fixture, each naming a known target', () => {
    expect(regressions.length).toBeGreaterThan(0);
    for (const r of regressions) expect(Object.keys(TARGETS), r.name).toContain(r.target);
  });

  it.each(regressions.map((r) => [`${r.name} (${r.note.exercised})`, r] as const))(
    '%s is read or refused cleanly',
    async (_name, r) => {
      const l = await library();
      let outcome = 'ok';
      try {
        await TARGETS[r.target]?.run(l, r);
      } catch (error) {
        outcome = error instanceof l.UserError ? 'rejected' : `crash: ${String(error)}`;
      }
      expect(['ok', 'rejected']).toContain(outcome);
    },
  );
});
