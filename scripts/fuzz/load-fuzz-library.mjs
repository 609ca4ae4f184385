// The built modules the fuzz targets call (dist/), loaded once per worker, and the scratch file the
// targets that read through the pipeline's file readers write their input to.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built modules the targets call, imported once per worker (ts-morph only for the js target). */
export async function loadLibrary(dist, root) {
  const load = (path) => import(new URL(path, dist).href);
  const [
    elf,
    image,
    map,
    opam,
    lock,
    sw,
    deb822,
    deb,
    ar,
    tar,
    index,
    copyright,
    sm,
    manifestFile,
    budget,
    decomp,
    rules,
    summary,
  ] = await Promise.all([
    load('builder/elf/read-elf.js'),
    load('builder/image/build-image-manifest.js'),
    load('builder/linker-map/read-ld-map.js'),
    load('builder/opam/parse-opam.js'),
    load('builder/opam/read-opam-lock.js'),
    load('builder/opam/read-switch-export.js'),
    load('builder/debian/parse-deb822.js'),
    load('builder/debian/read-deb.js'),
    load('builder/debian/read-ar.js'),
    load('builder/debian/read-tar.js'),
    load('builder/debian/read-packages-index.js'),
    load('builder/debian/read-debian-copyright.js'),
    load('builder/js/read-js-source-map.js'),
    load('pipeline/read-manifest-file.js'),
    load('pipeline/read-budget-file.js'),
    load('pipeline/io/debian-decompressors.js'),
    load('pipeline/io/load-rules.js'),
    load('analyzer/summarize-image.js'),
  ]);
  const { evaluateGate } = await load('analyzer/gate/evaluate-gate.js');
  const [repo, meta, dune, arSymbols] = await Promise.all([
    load('builder/opam/read-opam-repo.js'),
    load('builder/findlib/read-findlib-meta.js'),
    load('builder/findlib/read-dune-package.js'),
    load('builder/archive/read-ar-symbol-table.js'),
  ]);
  const { UserError } = await load('analyzer/model/user-error.js');
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
    elf,
    map,
    opam,
    lock,
    sw,
    deb822,
    deb,
    ar,
    tar,
    index,
    copyright,
    sm,
    manifestFile,
    budget,
    summary,
    decompressors: decomp.DEBIAN_DECOMPRESSORS,
    readDeb: deb.readDeb,
    readAr: ar.readAr,
    readTar: tar.readTar,
    manifestOf,
    loadJsBundle: () => load('builder/js/read-js-bundle.js'),
    evaluateGate,
    repo,
    meta,
    dune,
    arSymbols,
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
