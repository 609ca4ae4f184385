// Parse-based attribution (no source map) of the js_of_ocaml fixture, checked against stat sizes,
// `grep -o 'function caml_[a-z0-9_]*'` recorded at build time, and js_of_ocaml's own source map.
import { describe, expect, it } from 'vitest';
import { readJsBundle } from '../../builder/js/read-js-bundle.js';
import { readJsSourceMap } from '../../builder/js/read-js-source-map.js';
import type { Attribution } from '../../analyzer/model/manifest.js';
import { jsFixture, readBuilt, readFileTruth, readLines } from './js-fixture.js';

function leafSum(a: Attribution): number {
  return a.leaves.fileSize.reduce((s, n) => s + n, 0);
}

function unitBytes(a: Attribution, name: string): number {
  return a.units.find((u) => u.name === name)?.fileSize ?? 0;
}

describe.skipIf(jsFixture.skip)(jsFixture.title(`readJsBundle on the js_of_ocaml fixture`), () => {
  const truth = !jsFixture.skip ? readFileTruth() : new Map();

  it.each(['app-min.js', 'app-pretty.js'])('accounts for every byte of %s, leaves contiguous', (name) => {
    const js = readBuilt(name);
    const { attribution } = readJsBundle(js, { file: name });
    expect(leafSum(attribution)).toBe(truth.get(name)!.size);
    let at = 0;
    attribution.leaves.offset.forEach((o, i) => {
      expect(o).toBe(at);
      at += attribution.leaves.fileSize[i]!;
    });
    expect(attribution.packages.reduce((s, p) => s + p.fileSize, 0)).toBe(js.length);
    expect(unitBytes(attribution, '[js_of_ocaml runtime]')).toBeGreaterThan(0);
    expect(unitBytes(attribution, '[compiled OCaml]')).toBeGreaterThan(0);
  });

  it.each([
    ['app-pretty.js', 'truth-caml-functions-app-pretty.txt'],
    ['app-min.js', 'truth-caml-functions-app-min.txt'],
  ])('finds the caml_* functions grep finds in %s', (name, truthFile) => {
    const { runtimePrimitives } = readJsBundle(readBuilt(name));
    expect(runtimePrimitives).toEqual(readLines(truthFile).sort());
  });

  it('gives the runtime the bytes the source map gives runtime sources (app.js, both modes)', () => {
    const js = readBuilt('app.js');
    const parsed = readJsBundle(js).attribution;
    const mapped = readJsSourceMap(js, readBuilt('app.map').toString('utf8'), {
      programPackage: 'app',
    }).attribution;
    const runtimeByMap = mapped.units
      .filter((u) => u.library === 'runtime' && u.package === 'js_of_ocaml')
      .reduce((s, u) => s + u.fileSize, 0);
    expect(unitBytes(parsed, '[js_of_ocaml runtime]')).toBe(runtimeByMap);
  });

  it('names runtime leaves after the caml_* functions in the pretty bundle', () => {
    const { attribution } = readJsBundle(readBuilt('app-pretty.js'));
    const runtimeUnit = attribution.units.findIndex((u) => u.name === '[js_of_ocaml runtime]');
    const names = attribution.leaves.name.filter((_, i) => attribution.leaves.unit[i] === runtimeUnit);
    expect(names).toContain('caml_blit_bytes');
  });
});
