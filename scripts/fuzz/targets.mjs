// What each fuzz target feeds to the built code in dist/: one function per parser, run inside a worker.
// A target returns normally (ok), throws the project's UserError (a clean rejection) or throws
// anything else (a crash). Targets go through the same entry points the CLI uses.

import { TextDecoder } from 'node:util';
import { scratchFile } from './load-fuzz-library.mjs';

export { cleanUp, loadLibrary } from './load-fuzz-library.mjs';

const decoder = new TextDecoder();
const text = (bytes) => decoder.decode(bytes);
const elfTarget = (lib, input) =>
  lib.manifestOf(input, input.data, input.aux === undefined ? undefined : text(input.aux));

/**
 * The targets by name: `mutate` says which mutator makes their inputs, `focus` which part of a seed
 * the mutations aim at, `weight` how many of the inputs they get, `run` what they call.
 */
export const TARGETS = {
  // The whole inspect path: headers, sections, segments, symbols, notes, DWARF, attribution (with the
  // image's linker map when the fixture has one).
  elf: { weight: 14, mutate: 'bytes', focus: 'elf-headers', run: elfTarget },
  'elf-dwarf': { weight: 10, mutate: 'bytes', focus: 'dwarf', run: elfTarget },
  'elf-notes': { weight: 6, mutate: 'bytes', focus: 'notes', run: elfTarget },
  'elf-symbols': { weight: 6, mutate: 'bytes', focus: 'symbols', run: elfTarget },
  'ld-map': {
    weight: 7,
    mutate: 'text',
    dictionary: [
      '.text',
      ' 0x',
      '0x0000000000000000',
      '*(',
      ')',
      '*fill*',
      'LOAD ',
      ' *',
      '\n ',
      '(',
      '.o)',
      'lib',
      '.a(',
      'Archive member included to satisfy reference by file (symbol)',
      'Linker script and memory map',
      'Discarded input sections',
      'Memory Configuration',
      ' = ',
      'PROVIDE',
      '\t',
    ],
    run: (lib, input) => lib.map.readLdMap(text(input.data)),
  },
  opam: {
    weight: 8,
    mutate: 'text',
    dictionary: OPAM_TOKENS(),
    run: (lib, input) => {
      // What the dependency reader takes from an opam file: facts, and edges through the formulas.
      const { items } = lib.opam.parseOpam(text(input.data), 'fuzz.opam');
      lib.repo.readOpamPackageFacts(items);
      const versionOf = (name) => (name.length % 2 === 0 ? '1.0' : undefined);
      lib.repo.readOpamEdges('fuzz', '1.0', items, versionOf, 'fuzz.opam', { os: 'linux' });
    },
  },
  'findlib-meta': {
    weight: 3,
    mutate: 'text',
    dictionary: [
      'package "',
      '(',
      ')',
      '"',
      '=',
      '+=',
      'requires',
      'archive(native)',
      'directory',
      '^',
      '\\',
      ',',
    ],
    run: (lib, input) => lib.meta.readFindlibMeta(text(input.data), 'fuzz'),
  },
  'dune-package': {
    weight: 3,
    mutate: 'text',
    dictionary: [
      '(',
      ')',
      '"',
      '(library',
      '(name ',
      '(modules',
      '(lang dune 3.7)',
      '\\',
      ';',
      '#|',
      '|#',
      '#;',
    ],
    run: (lib, input) => lib.dune.readDunePackage(text(input.data)),
  },
  // The static archive index the inspect path reads without a map: the first member's header, then
  // the symbol table it holds (32- or 64-bit offsets) and the long-name table.
  'ar-symbols': { weight: 3, mutate: 'bytes', focus: 'ar-headers', run: readArchiveIndex },
  'opam-lock': {
    weight: 6,
    mutate: 'text',
    dictionary: OPAM_TOKENS(),
    run: (lib, input) => lib.lock.readOpamLock(text(input.data), 'fuzz.opam.locked'),
  },
  'switch-export': {
    weight: 6,
    mutate: 'text',
    dictionary: OPAM_TOKENS(),
    run: (lib, input) => lib.sw.readSwitchExport(text(input.data), 'opam.export'),
  },
  deb822: {
    weight: 7,
    mutate: 'text',
    dictionary: [
      '\n ',
      '\n .',
      ':',
      ': ',
      'Package: ',
      'Version: ',
      'Depends: ',
      'Files: ',
      'License: ',
      'Copyright: ',
      '\n\n',
      ' |',
      ',',
      '(>= ',
      ')',
      '#',
      '-----BEGIN PGP SIGNED MESSAGE-----\n',
    ],
    run: (lib, input) => {
      const t = text(input.data);
      lib.deb822.parseDeb822(t, 'fuzz');
      lib.index.readPackagesIndex(t, 'Packages');
      lib.copyright.readDebianCopyrightLicence(t);
    },
  },
  deb: {
    weight: 5,
    mutate: 'bytes',
    focus: 'ar-headers',
    run: (lib, input) => lib.deb.readDeb(input.data, lib.decompressors, 'fuzz.deb'),
  },
  ar: {
    weight: 4,
    mutate: 'bytes',
    focus: 'ar-headers',
    run: (lib, input) => lib.ar.readAr(input.data, 'fuzz.a'),
  },
  tar: {
    weight: 5,
    mutate: 'bytes',
    focus: 'tar-headers',
    run: (lib, input) => lib.tar.readTar(input.data, 'fuzz.tar'),
  },
  'source-map': {
    weight: 6,
    mutate: 'json',
    dictionary: [
      ';',
      ',',
      'A',
      'g',
      '/',
      '+',
      '"mappings":"',
      '"sources":[',
      '"version":3',
      'ggggggggggggggg',
    ],
    run: (lib, input) =>
      lib.sm.readJsSourceMap(input.aux ?? new Uint8Array(), text(input.data), {
        file: 'fuzz.js',
        mapFile: 'fuzz.map',
        programPackage: 'fuzz',
      }),
  },
  'js-bundle': {
    weight: 1,
    mutate: 'text',
    dictionary: [
      'function caml_',
      '(',
      ')',
      '{',
      '}',
      ';',
      '`',
      '/*',
      '*/',
      '//',
      '"',
      '=>',
      'return ',
      '(function(){',
      '}())',
      '\u2028',
    ],
    run: async (lib, input) => (await lib.loadJsBundle()).readJsBundle(input.data, { file: 'fuzz.js' }),
  },
  manifest: {
    weight: 6,
    mutate: 'json',
    run: (lib, input) => {
      const m = lib.manifestFile.readManifestFile(scratchFile(lib, input.data), 'manifest.json');
      // What every report computes first from a manifest it accepted.
      if (m.kind !== 'stack') lib.summary.summarizeImage(m);
    },
  },
  budget: {
    weight: 3,
    mutate: 'json',
    dictionary: [
      '*',
      '?',
      '**',
      '"all"',
      '"targets"',
      '"maxCodeBytes":',
      '"allowNewPackages":[',
      '"forbiddenPackages":[',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
    ],
    run: (lib, input) => {
      const budget = lib.budget.readBudgetFile(scratchFile(lib, input.data), 'budget.json');
      lib.sides ??= lib.gateSides();
      const [current, baseline] = lib.sides;
      lib.evaluateGate({
        current: { label: 'current', images: [current] },
        baseline: { label: 'baseline', images: [baseline] },
        budget,
        budgetLabel: 'budget.json',
        isDefaultBudget: false,
      });
    },
  },
};

/** The steps of pipeline/io/read-archive-symbols.ts, on bytes in memory. */
function readArchiveIndex(lib, input) {
  const { AR_HEADER_SIZE, AR_MAGIC_SIZE, readArMemberHeader, readArSymbolTable, decodeArMemberName } =
    lib.arSymbols;
  const b = input.data;
  const header = (at) => readArMemberHeader(b.subarray(at, at + AR_HEADER_SIZE), at, 'fuzz.a');
  if (b.length < AR_MAGIC_SIZE + AR_HEADER_SIZE) return;
  const index = header(AR_MAGIC_SIZE);
  if (index.rawName !== '/' && index.rawName !== '/SYM64/') return;
  // The pipeline's reads are exact: a short read there is an I/O error, not the parser's concern.
  if (index.dataOffset + index.size > b.length) return;
  const data = b.subarray(index.dataOffset, index.dataOffset + index.size);
  const table = readArSymbolTable(data, index.rawName === '/SYM64/', 'fuzz.a', index.dataOffset);
  const next = index.dataOffset + index.size + (index.size % 2);
  if (next + AR_HEADER_SIZE > b.length) return;
  const h = header(next);
  const longNames = h.rawName === '//' ? b.subarray(h.dataOffset, h.dataOffset + h.size) : undefined;
  for (const at of new Set(table.memberOffsets)) {
    if (at + AR_HEADER_SIZE <= b.length) decodeArMemberName(header(at).rawName, longNames);
  }
}

function OPAM_TOKENS() {
  return [
    '"',
    '"""',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '&',
    '|',
    '!',
    '?',
    ':',
    '=',
    '!=',
    '<=',
    '>=',
    '#',
    '(*',
    '*)',
    '%{',
    '}%',
    '\\',
    'depends:',
    'pin-depends:',
    'x-opam-monorepo-duniverse-dirs:',
    'opam-version: "2.0"',
    'installed:',
    'package "',
    'true',
    'false',
    'with-test',
    'build',
  ];
}
