// The built modules the fuzz targets call (dist/), loaded once per worker, and the scratch file the
// targets that read through the pipeline's file readers write their input to.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built modules the targets reach through the library, by the name they use: each is listed
 * once, so a module added here is imported and handed to the targets together.
 */
const TARGET_MODULES = {
  elf: 'builder/elf/read-elf.js',
  map: 'builder/linker-map/read-ld-map.js',
  opam: 'builder/opam/parse-opam.js',
  lock: 'builder/opam/read-opam-lock.js',
  sw: 'builder/opam/read-switch-export.js',
  deb822: 'builder/debian/parse-deb822.js',
  deb: 'builder/debian/read-deb.js',
  ar: 'builder/debian/read-ar.js',
  tar: 'builder/debian/read-tar.js',
  index: 'builder/debian/read-packages-index.js',
  copyright: 'builder/debian/read-debian-copyright.js',
  sm: 'builder/js/read-js-source-map.js',
  manifestFile: 'pipeline/read-manifest-file.js',
  budget: 'pipeline/read-budget-file.js',
  summary: 'analyzer/summarize-image.js',
  repo: 'builder/opam/read-opam-repo.js',
  meta: 'builder/findlib/read-findlib-meta.js',
  dune: 'builder/findlib/read-dune-package.js',
  arSymbols: 'builder/archive/read-ar-symbol-table.js',
};

/** The built modules the targets call, imported once per worker (ts-morph only for the js target). */
export async function loadLibrary(dist, root) {
  const load = (path) => import(new URL(path, dist).href);
  const names = Object.keys(TARGET_MODULES);
  const [modules, image, decomp, rules, { evaluateGate }, { UserError }] = await Promise.all([
    Promise.all(names.map((name) => load(TARGET_MODULES[name]))),
    load('builder/image/build-image-manifest.js'),
    load('pipeline/io/debian-decompressors.js'),
    load('pipeline/io/load-rules.js'),
    load('analyzer/gate/evaluate-gate.js'),
    load('analyzer/model/user-error.js'),
  ]);
  const lib = Object.fromEntries(names.map((name, i) => [name, modules[i]]));
  const { elf, map, deb, ar, tar } = lib;
  const compiledRules = rules.loadRules();
  const manifestOf = (seed, elfBytes = seed.data, mapText) =>
    image.buildImageManifest({
      name: 'fuzz',
      elf: elf.readElf(elfBytes),
      sha256: '0'.repeat(64),
      map: mapText === undefined ? undefined : map.readLdMap(mapText),
      rules: compiledRules,
      provenance: { tool: 'tcbscope', toolVersion: '0.0.0', command: ['fuzz'], environment: {}, inputs: [] },
    });
  return {
    UserError,
    ...lib,
    decompressors: decomp.DEBIAN_DECOMPRESSORS,
    readDeb: deb.readDeb,
    readAr: ar.readAr,
    readTar: tar.readTar,
    manifestOf,
    loadJsBundle: () => load('builder/js/read-js-bundle.js'),
    evaluateGate,
    // The gate fixtures (one image before and after a change), as manifests for budgets to judge.
    gateSides: () =>
      ['gate/tally-crc', 'gate/tally'].map((f) =>
        manifestOf({ data: readFileSync(join(root, 'fixtures/images', f)) }),
      ),
    scratch: undefined,
  };
}

/** A file path for the targets that read through the pipeline's file readers (manifests, budgets). */
export function scratchFile(lib, bytes) {
  lib.scratch ??= mkdtempSync(join(tmpdir(), 'tcbscope-fuzz-'));
  const path = join(lib.scratch, 'input.json');
  writeFileSync(path, bytes);
  return path;
}

/** Removes the scratch folder (the worker calls it before it exits). */
export function cleanUp(lib) {
  if (lib.scratch) rmSync(lib.scratch, { recursive: true, force: true });
}
