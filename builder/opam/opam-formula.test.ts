import { describe, expect, it } from 'vitest';
import {
  classifyAtom,
  listFormulaAtoms,
  readDependencyFormula,
  resolveFormula,
  satisfiesAtom,
} from './opam-formula.js';
import type { FormulaAtom } from './opam-formula.js';
import { parseOpam } from './parse-opam.js';
import type { OpamField } from './parse-opam.js';

function formula(text: string) {
  return readDependencyFormula((parseOpam(`depends: ${text}`).items[0] as OpamField).value);
}
function atom(text: string): FormulaAtom {
  return listFormulaAtoms(formula(`[${text}]`))[0] as FormulaAtom;
}

describe('classifyAtom: filters to edge kinds (opam manual, "Filtered package formulas")', () => {
  it.each([
    ['"a"', 'runtime'],
    ['"a" {>= "1.0"}', 'runtime'],
    ['"a" {!with-test}', 'runtime'],
    ['"a" {build}', 'build'],
    ['"a" {build & >= "1.0"}', 'build'],
    ['"a" {with-test}', 'test'],
    ['"a" {with-doc}', 'doc'],
    ['"a" {post}', 'post'],
    ['"a" {os != "win32" & post}', 'post'],
    ['"a" {dev}', 'dev'],
    ['"a" {with-dev-setup}', 'dev'],
    ['"a" {build | with-test}', 'build'],
    ['"a" {= "1" & ?vendor}', 'runtime'],
  ])('%s → %s', (text, kind) => {
    expect(classifyAtom(atom(text))).toBe(kind);
  });

  it('drops an atom whose filter is false for known variables, keeps it when unknown', () => {
    expect(classifyAtom(atom('"a" {os = "win32"}'), { os: 'linux' })).toBeUndefined();
    expect(classifyAtom(atom('"a" {os = "win32"}'))).toBe('runtime');
  });
});

describe('satisfiesAtom: version constraints in opam order', () => {
  it.each([
    ['"a" {>= "1.0" & < "2.0"}', '1.5', true],
    ['"a" {>= "1.0" & < "2.0"}', '2.0', false],
    ['"a" {>= "1.0" & < "2.0"}', '1.0~beta', false],
    ['"a" {!= "5.1"}', '5.1', false],
    ['"a" {= version}', '3.0', true],
  ])('%s with %s → %s', (text, version, ok) => {
    expect(satisfiesAtom(atom(text), version, 'runtime', { version: '3.0' })).toBe(ok);
  });

  it('evaluates the manual example: "foo" {>= "3.12"} & ("bar" | "baz" {!(> "2" & < "3.5") & != "5.1"})', () => {
    const f = formula('"foo" { >= "3.12" } & ("bar" | "baz" { !(> "2" & < "3.5") & != "5.1" })');
    const installed = new Map([
      ['foo', '3.12'],
      ['baz', '3.0'],
    ]);
    const r = resolveFormula(f, (n) => installed.get(n));
    // bar is absent, so the alternative falls to baz, whose 3.0 lies inside the excluded range.
    expect(r.dependencies.map((d) => [d.name, d.satisfied])).toEqual([
      ['foo', true],
      ['baz', false],
    ]);
    installed.set('baz', '3.6');
    expect(resolveFormula(f, (n) => installed.get(n)).dependencies.every((d) => d.satisfied)).toBe(true);
  });
});

describe('resolveFormula: alternatives against an installed set', () => {
  const f = formula(
    '["ocaml" {>= "4.08"} ("ocaml-base-compiler" | "ocaml-variants" | "ocaml-system") "dune" {build} "alcotest" {with-test}]',
  );
  it('takes the first installed alternative and reports applicable missing atoms', () => {
    const installed = new Map([
      ['ocaml', '4.14.2'],
      ['ocaml-variants', '4.14.2+options'],
      ['dune', '3.15.0'],
    ]);
    const r = resolveFormula(f, (n) => installed.get(n));
    expect(r.dependencies.map((d) => `${d.name}:${d.kind}`)).toEqual([
      'ocaml:runtime',
      'ocaml-variants:runtime',
      'dune:build',
    ]);
    expect(r.missing).toEqual([{ name: 'alcotest', kind: 'test', constraint: 'with-test' }]);
  });
  it('puts group braces on every member: ("a" | "b") {build}', () => {
    const g = formula('[("a" | "b") {build}]');
    expect(resolveFormula(g, (n) => (n === 'b' ? '1' : undefined)).dependencies).toEqual([
      { name: 'b', version: '1', kind: 'build', constraint: 'build', satisfied: true },
    ]);
  });
});
