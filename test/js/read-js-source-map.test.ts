// Source-map attribution of the js_of_ocaml fixture, checked against stat sizes, the `source-map`
// library's own decoding of the same maps (our reader decodes VLQ by hand, the test uses
// SourceMapConsumer.eachMapping), ocamlfind's list of linked libraries and dpkg's owners of the sources.
import { describe, expect, it } from 'vitest';
import { SourceMapConsumer } from 'source-map';
import { readJsSourceMap } from '../../builder/js/read-js-source-map.js';
import { findSourceMapReference } from '../../builder/js/find-source-map-reference.js';
import type { Attribution } from '../../analyzer/model/manifest.js';
import { jsFixture, readBuilt, readDpkgLookup, readFileTruth, readLines } from './js-fixture.js';

/** Bytes per source the way the reader's rule says, computed from the library's decoded mappings. */
async function bytesPerSourceByLibrary(js: Buffer, mapText: string): Promise<Map<string, number>> {
  // Columns are UTF-16 units; the fixture is ASCII (checked), so they are byte counts here.
  expect(js.every((b) => b < 0x80)).toBe(true);
  const lineLengths: number[] = [];
  let start = 0;
  for (let i = js.indexOf(10); i >= 0; i = js.indexOf(10, i + 1)) {
    lineLengths.push(i + 1 - start);
    start = i + 1;
  }
  lineLengths.push(js.length - start);
  const consumer = await new SourceMapConsumer(JSON.parse(mapText));
  const segs: { line: number; col: number; source: string | null }[] = [];
  consumer.eachMapping(
    (m) => segs.push({ line: m.generatedLine, col: m.generatedColumn, source: m.source }),
    null,
    SourceMapConsumer.GENERATED_ORDER,
  );
  consumer.destroy();
  const totals = new Map<string, number>();
  segs.forEach((s, i) => {
    const next = segs[i + 1];
    const end = next && next.line === s.line ? next.col : lineLengths[s.line - 1]!;
    if (s.source !== null) totals.set(s.source, (totals.get(s.source) ?? 0) + end - s.col);
  });
  return totals;
}

function expectWholeFile(a: Attribution, size: number): void {
  const { offset, fileSize } = a.leaves;
  let at = 0;
  for (let i = 0; i < offset.length; i++) {
    expect(offset[i]).toBe(at);
    at += fileSize[i]!;
  }
  expect(at).toBe(size);
  expect(a.units.reduce((s, u) => s + u.fileSize, 0)).toBe(size);
  expect(a.packages.reduce((s, p) => s + p.fileSize, 0)).toBe(size);
}

function expectSourcesMatch(a: Attribution, library: Map<string, number>): void {
  const sourceUnits = a.units.filter((u) => u.evidenceDetail?.startsWith('/'));
  for (const u of sourceUnits)
    expect([u.evidenceDetail, u.fileSize]).toEqual([u.evidenceDetail, library.get(u.evidenceDetail!)]);
  // Every source the library gives bytes to is a unit of ours (the empty source name is js_of_ocaml's glue).
  const ours = new Set(sourceUnits.map((u) => u.evidenceDetail));
  for (const [src, n] of library) if (src !== '' && n > 0) expect(ours.has(src), src).toBe(true);
  const glue = a.units.find((u) => u.name === '[glue]')?.fileSize ?? 0;
  expect(glue).toBeGreaterThanOrEqual(library.get('') ?? 0);
}

describe.skipIf(jsFixture.skip)(jsFixture.title(`readJsSourceMap on the js_of_ocaml fixture`), () => {
  const truth = !jsFixture.skip ? readFileTruth() : new Map();

  it('accounts for every byte of app.js and matches the library per source', async () => {
    const js = readBuilt('app.js');
    expect(js.length).toBe(truth.get('app.js')!.size);
    const mapText = readBuilt('app.map').toString('utf8');
    const { attribution } = readJsSourceMap(js, mapText, { file: 'app.js', programPackage: 'fixture-app' });
    expectWholeFile(attribution, js.length);
    expectSourcesMatch(attribution, await bytesPerSourceByLibrary(js, mapText));
  });

  it('reads the inline map of app-inline.js the same way', async () => {
    const js = readBuilt('app-inline.js');
    expect(js.length).toBe(truth.get('app-inline.js')!.size);
    const ref = findSourceMapReference(js, 'app-inline.js');
    expect(ref?.kind).toBe('inline');
    const mapText = ref?.kind === 'inline' ? ref.text : '';
    const { attribution } = readJsSourceMap(js, mapText, {
      file: 'app-inline.js',
      programPackage: 'fixture-app',
    });
    expectWholeFile(attribution, js.length);
    expectSourcesMatch(attribution, await bytesPerSourceByLibrary(js, mapText));
    // The data: URL comment is a comment: whitespace/comments covers at least its length.
    const comment = js.length - js.lastIndexOf('//# sourceMappingURL=');
    expect(
      attribution.units.find((u) => u.name === '[whitespace/comments]')!.fileSize,
    ).toBeGreaterThanOrEqual(comment - 1);
  });

  it('names the separate map of app.js in its sourceMappingURL comment', () => {
    expect(findSourceMapReference(readBuilt('app.js'))).toEqual({ kind: 'url', url: 'app.map' });
    expect(findSourceMapReference(readBuilt('app-min.js'))).toBeUndefined();
  });

  it('puts library sources in the findlib libraries ocamlfind linked, and the runtime in js_of_ocaml', () => {
    const js = readBuilt('app.js');
    const { attribution } = readJsSourceMap(js, readBuilt('app.map').toString('utf8'), {
      programPackage: 'fixture-app',
    });
    const linked = new Set(readLines('truth-findlib-app.txt'));
    const findlibUnits = attribution.units.filter((u) => u.evidence === 'findlib');
    expect(findlibUnits.length).toBeGreaterThan(0);
    for (const u of findlibUnits)
      expect(linked.has(`/usr/lib/ocaml/${u.library!.replace(/\./g, '/')}`), u.evidenceDetail).toBe(true);
    // ocamlfind lists every linked library directory; each gives bytes (lwt, re, yojson, js_of_ocaml...)
    // except those whose code js_of_ocaml's dead-code elimination removed entirely.
    const runtime = attribution.units.filter((u) => u.package === 'js_of_ocaml' && u.language === 'JS');
    expect(runtime.some((u) => u.name === 'runtime/mlBytes.js')).toBe(true);
    expect(
      attribution.units
        .filter((u) => u.package === 'fixture-app')
        .map((u) => u.name)
        .sort(),
    ).toEqual(['Greeting', 'Page']);
    expect(attribution.units.filter((u) => u.package === 'ocaml').every((u) => u.library === 'stdlib')).toBe(
      true,
    );
  });

  it('uses the install-list lookup (dpkg -S of each source) before path rules', () => {
    const dpkg = readDpkgLookup();
    const { attribution } = readJsSourceMap(readBuilt('app.js'), readBuilt('app.map').toString('utf8'), {
      programPackage: 'fixture-app',
      packageOfPath: (p) => dpkg.get(p),
    });
    const installed = attribution.units.filter((u) => u.evidence === 'install-list');
    expect(installed.length).toBe(attribution.units.filter((u) => dpkg.has(u.evidenceDetail ?? '')).length);
    for (const u of installed) expect(u.package).toBe(dpkg.get(u.evidenceDetail!));
    expect(installed.find((u) => u.evidenceDetail === '/usr/lib/ocaml/list.ml')?.package).toBe(
      dpkg.get('/usr/lib/ocaml/list.ml'),
    );
  });

  it('accounts for every byte of the several-MB bundle and matches the library', async () => {
    const js = readBuilt('big.js');
    expect(js.length).toBe(truth.get('big.js')!.size);
    const mapText = readBuilt('big.map').toString('utf8');
    const { attribution } = readJsSourceMap(js, mapText, { programPackage: 'fixture-big' });
    expectWholeFile(attribution, js.length);
    expectSourcesMatch(attribution, await bytesPerSourceByLibrary(js, mapText));
  });
});
