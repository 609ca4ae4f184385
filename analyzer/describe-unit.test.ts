import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSolo5, SOLO5_DIR } from '../test/support/solo5-build.js';
import { describeUnit, describeUnits } from './describe-unit.js';

/** Symbol → size as `nm -S` printed them when the fixture was built. */
function nmSizes(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(join(SOLO5_DIR, `${name}.nm-S.txt`), 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 4) out.set(f[3] as string, parseInt(f[1] as string, 16));
  }
  return out;
}

describe('describeUnit on solo5-hvt', () => {
  const m = inspectSolo5('solo5-hvt');
  const all = describeUnits(m, 1000);
  const nm = nmSizes('solo5-hvt');

  it('describes every unit as describeUnit does one, with the unit’s own record', () => {
    m.attribution.units.forEach((u, i) => {
      expect(describeUnit(m, i, 1000)).toEqual(all[i]);
      expect([all[i]?.name, all[i]?.package, all[i]?.evidence, all[i]?.bytes.file]).toEqual([
        u.name,
        u.package,
        u.evidence,
        u.fileSize,
      ]);
    });
    expect(describeUnit(m, m.attribution.units.length, 10)).toBeUndefined();
  });

  it('lists symbols with the sizes nm -S gives them, and code that adds up to .text', () => {
    let symbols = 0;
    for (const d of all)
      for (const s of d.symbols.filter((s) => nm.has(s.name) && s.section !== '.bss')) {
        expect(s.fileSize, s.name).toBe(nm.get(s.name));
        symbols++;
      }
    expect(symbols).toBeGreaterThan(0);
    const text = readFileSync(join(SOLO5_DIR, 'solo5-hvt.size-A.txt'), 'utf8').match(/^\.text\s+(\d+)/m)?.[1];
    expect(all.reduce((n, d) => n + d.bytes.code, 0)).toBe(Number(text));
  });
});
