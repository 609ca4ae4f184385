import { describe, expect, it } from 'vitest';
import { compileRules } from './attribution-rules.js';
import { buildDuniverseIndex } from './origin-paths.js';
import {
  resolveUnit,
  type DwarfUnitEvidence,
  type PlaceFacts,
  type ResolverContext,
} from './unit-resolver.js';
import defaultRules from '../rules/default-rules.json' with { type: 'json' };

const ctx: ResolverContext = {
  rules: compileRules(defaultRules, 'default-rules.json'),
  ownPackage: 'app',
  duniverse: buildDuniverseIndex({
    pins: [{ name: 'lwt', version: '5.7.0', url: 'u', line: 1 }],
    duniverseDirs: [{ url: 'u', dir: 'lwt', checksums: [] }],
  }),
};
const text = { section: '.text', exec: true };
const asm = (name: string, compDir: string): DwarfUnitEvidence => ({
  name,
  compDir,
  languageName: 'Mips_Assembler',
  ranges: [],
});

describe('resolveUnit', () => {
  it.each<[string, PlaceFacts, Record<string, unknown>]>([
    [
      'an opam build folder in DWARF names package and version',
      { ...text, dwarf: asm('src/core/lwt.ml', '/h/.opam-switch/build/lwt.5.7.0') },
      { package: 'lwt', version: '5.7.0', evidence: 'dwarf', language: 'OCaml' },
    ],
    [
      "a duniverse archive is the vendored package's, although the map path is relative",
      { ...text, mapInput: map('_build/default/duniverse/lwt/src/liblwt.a', 'lwt.o') },
      { package: 'lwt', version: '5.7.0', evidence: 'linker-map' },
    ],
    [
      'an .ml unit of an OCaml source tree is the standard library, in OCaml',
      {
        ...text,
        dwarf: asm('list.ml', '/src/ocaml/stdlib'),
        ocamlUnit: 'Stdlib__List',
        ocamlUnitFrom: 'marker',
      },
      {
        name: 'Stdlib__List',
        package: 'ocaml',
        library: 'stdlib.a',
        language: 'OCaml',
        evidence: 'name-rule',
      },
    ],
    [
      'a Solo5 bindings unit, without a map',
      { ...text, dwarf: { ...asm('hvt/console.c', './bindings'), languageName: 'C11' } },
      { name: 'hvt/console.c', package: 'solo5', language: 'C' },
    ],
    [
      'a unit no evidence names stays unknown and says why',
      { ...text, dwarf: asm('store.ml', '/home/u/kv'), ocamlUnit: 'Store', ocamlUnitFrom: 'marker' },
      {
        name: 'Store',
        package: 'unknown',
        language: 'OCaml',
        evidenceDetail:
          'seen as DWARF store.ml in /home/u/kv, OCaml unit Store (marker); no install list, build path or rule names its package',
      },
    ],
  ])('%s', (_, facts, expected) => {
    expect(resolveUnit(ctx, facts)).toMatchObject(expected);
  });
});

function map(archive: string, object: string): NonNullable<PlaceFacts['mapInput']> {
  return { section: '.text', address: 0x1000, size: 0x10, archive, object, file: `${archive}(${object})` };
}
