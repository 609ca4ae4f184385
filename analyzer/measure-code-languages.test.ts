import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSolo5, SOLO5_DIR } from '../test/support/solo5-build.js';
import { measureCAsmCode, measureCodeLanguages } from './measure-code-languages.js';
import { summarizeTarget } from './summarize-build.js';

/** Size of `.text` as `size -A` printed it when the fixture was built: the image's only executable section. */
function textSize(name: string): number {
  const line = readFileSync(join(SOLO5_DIR, `${name}.size-A.txt`), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('.text '));
  return Number(line?.trim().split(/\s+/)[1]);
}

describe('code bytes by language', () => {
  // The Solo5 fixtures are C programs: all their code is C, whatever their DWARF and data add.
  it.each(['solo5-hvt', 'solo5-xen'])('counts all of %s’s .text as C code, a 100%% share', (name) => {
    const m = inspectSolo5(name);
    // fixtures/src's Solo5 program is one C file: size's .text is all C.
    expect(measureCodeLanguages(m)).toEqual({ C: textSize(name) });
    expect(measureCAsmCode(m)).toEqual({ bytes: textSize(name), share: 1 });
    expect(summarizeTarget(m).cAsmShare).toBe(measureCAsmCode(m).share);
  });
});
