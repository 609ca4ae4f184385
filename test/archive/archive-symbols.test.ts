import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { readArchiveSymbols } from '../../pipeline/io/read-archive-symbols.js';
import { OCAML_FIXTURE } from '../support/binutils-truth.js';
import { builtFixture, check, checkTools } from '../support/test-needs.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-armap-'));

/** `nm -s` prints the archive index as `symbol in member` lines: the truth for the index reader. */
function nmArchiveIndex(archive: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of execFileSync('nm', ['-s', archive], { encoding: 'utf8' }).split('\n')) {
    const m = /^(\S+) in (\S+)$/.exec(line);
    if (m && !out.has(m[1] as string)) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

const tools = checkTools('gcc', 'ar', 'nm');
describe.skipIf(tools.skip)(tools.title('static archive symbol indexes (truth: nm -s)'), () => {
  it('reads which member defines each symbol, long member names included', () => {
    const sources = {
      'a.c': 'int alpha(void){return 1;} static int hidden(void){return 2;} int beta(void){return hidden();}',
      'a_member_with_a_name_longer_than_sixteen.c': 'int gamma_long(void){return 3;} int shared_data = 4;',
    };
    const objects = Object.entries(sources).map(([name, text]) => {
      writeFileSync(path.join(work, name), text);
      const obj = name.replace(/\.c$/, '.o');
      execFileSync('gcc', ['-c', '-o', obj, name], { cwd: work });
      return obj;
    });
    const archive = path.join(work, 'libtest.a');
    execFileSync('ar', ['rcs', archive, ...objects], { cwd: work });
    const truth = nmArchiveIndex(archive);
    const { definitions, skipped } = readArchiveSymbols(
      [archive],
      new Set([...truth.keys(), 'hidden', 'not_there']),
    );
    // A member counts as linked only when all its definitions are in the image.
    expect(readArchiveSymbols([archive], new Set(['alpha'])).definitions.size).toBe(0);
    expect(skipped).toEqual([]);
    expect(new Map([...definitions].map(([s, d]) => [s, d[0]?.member]))).toEqual(truth);
    expect(definitions.has('hidden')).toBe(false); // local symbols are not in an archive index
  });
  const runtime = checkTools('/usr/lib/ocaml/libasmrun.a');
  it.skipIf(runtime.skip)(runtime.title('reads the installed OCaml runtime archive as nm does'), () => {
    const archive = '/usr/lib/ocaml/libasmrun.a';
    const truth = nmArchiveIndex(archive);
    const { definitions } = readArchiveSymbols([archive], new Set(truth.keys()));
    expect(definitions.size).toBe(truth.size);
    for (const [symbol, member] of truth) expect(definitions.get(symbol)?.[0]?.member, symbol).toBe(member);
  });
});

const fixture = check(builtFixture(OCAML_FIXTURE));
describe.skipIf(fixture.skip)(
  fixture.title('attribution without a linker map agrees with the map wherever an archive index decides'),
  () => {
    it('gives every symbol the archive index places the package the linker map gives it', () => {
      const quiet = (): void => undefined;
      const image = OCAML_FIXTURE;
      const withMap = inspectImage({ image, map: `${image}.map`, meta: ['/var/lib/dpkg/info'] }, quiet);
      const without = inspectImage({ image, meta: ['/var/lib/dpkg/info'] }, quiet);
      const packageBySymbol = (m: Manifest, pick: (detail: string) => boolean) => {
        const out = new Map<string, string>();
        const { leaves, units } = m.attribution;
        for (let i = 0; i < leaves.name.length; i++) {
          const u = units[leaves.unit[i] as number] as Manifest['attribution']['units'][number];
          if (pick(u.evidenceDetail ?? '')) out.set(`${leaves.name[i]}@${leaves.address[i]}`, u.package);
        }
        return out;
      };
      const byIndex = packageBySymbol(without, (d) => d.includes('archive index'));
      const byMap = packageBySymbol(withMap, () => true);
      expect(byIndex.size).toBeGreaterThan(1000);
      for (const [key, pkg] of byIndex) expect(byMap.get(key), key).toBe(pkg);
    });
  },
);
