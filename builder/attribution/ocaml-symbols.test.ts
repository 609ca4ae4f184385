import { describe, expect, it } from 'vitest';
import { ocamlUnitOf, parseOcamlMarker, unitObjectBase } from './ocaml-symbols.js';

// The spellings below are the three manglings the OCaml compilers emit (see DESIGN.md); each row is
// a name shape, not a value computed by this module.
describe('parseOcamlMarker', () => {
  it.each([
    ['camlLwt_main__code_begin', 'Lwt_main', 'code_begin'],
    ['camlCohttp_lwt_unix__Server__data_end', 'Cohttp_lwt_unix__Server', 'data_end'],
    ['camlStdlib.frametable', 'Stdlib', 'frametable'],
    ['camlStdlib__List.gc_roots', 'Stdlib__List', 'gc_roots'],
    ['camlMirage_crypto$code_end', 'Mirage_crypto', 'code_end'],
  ])('%s', (name, unit, marker) => {
    expect(parseOcamlMarker(name)).toEqual({ unit, marker });
  });
  it.each(['caml_alloc', 'camlFoo__bar_12', 'code_begin', 'caml_program'])('%s is not a marker', (name) => {
    expect(parseOcamlMarker(name)).toBeUndefined();
  });
});

describe('ocamlUnitOf', () => {
  const known = new Set(['Cohttp_lwt_unix', 'Cohttp_lwt_unix__Server', 'Stdlib__List', 'Mod__Sub', 'Mod']);
  it.each([
    ['camlCohttp_lwt_unix__Server__callback_456', 'Cohttp_lwt_unix__Server', true],
    ['camlCohttp_lwt_unix__make_12', 'Cohttp_lwt_unix', true],
    ['camlMod__Sub__f_123', 'Mod__Sub', true],
    ['camlMod.Sub.f_123', 'Mod', true],
    ['camlMod$Sub$f_123', 'Mod', true],
    ['camlStdlib__List.map_1', 'Stdlib__List', true],
    ['camlUnknown__f_1', 'Unknown', false],
    ['camlUnknown', 'Unknown', false],
  ])('%s → %s', (name, unit, isKnown) => {
    expect(ocamlUnitOf(name, known)).toEqual({ unit, known: isKnown });
  });
  it('ignores C runtime names', () => {
    expect(ocamlUnitOf('caml_alloc_shr', known)).toBeUndefined();
  });
  it('maps units to install-list base names', () => {
    expect(unitObjectBase('Cohttp_lwt_unix__Server')).toBe('cohttp_lwt_unix__Server');
    expect(unitObjectBase('Lwt_main')).toBe('lwt_main');
  });
});
