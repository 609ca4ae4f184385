// The real inputs the fuzzer starts from, per parser, read once in the main thread. Seeds that are too
// large to parse thousands of times are cut down to a real part of themselves (the first lines of a
// js bundle with the matching part of its source map; a window of a gzipped linker map), never made up.

import { TextEncoder } from 'node:util';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

const encoder = new TextEncoder();

/** Files under `dir` (recursively) whose name passes `test`, sorted; none when the folder is absent. */
function listFiles(dir, test) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, test));
    else if (test(name)) out.push(path);
  }
  return out;
}

/** Seeds from files, named by their path relative to the repository. */
function fromFiles(root, paths) {
  return paths.filter((p) => existsSync(p)).map((p) => ({ name: relative(root, p), data: readFileSync(p) }));
}

function elfSeeds(root, data) {
  const dirs = ['gate', 'greet', 'hello', 'solo5'].map((d) => join(root, 'fixtures/images', d));
  const images = dirs.flatMap((d) =>
    listFiles(d, (n) => !n.includes('.') || n.endsWith('.o') || n.endsWith('.so')),
  );
  const small = fromFiles(root, images).map((seed) => {
    const mapPath = join(root, `${seed.name}.map`);
    return existsSync(mapPath)
      ? { ...seed, aux: readFileSync(mapPath), auxName: relative(root, mapPath) }
      : seed;
  });
  // Two real OCaml 5.2 unikernels (2.3 MB, DWARF 5 from gcc and the OCaml assembler): the DWARF,
  // notes and symbol tables the small C fixtures do not have.
  const unikernels = ['hvt/kv.hvt', 'xen/kv.xen']
    .map((p) => join(data, 'unikernels', p))
    .filter((p) => existsSync(p));
  return [...small, ...unikernels.map((p) => ({ name: relative(data, p), data: readFileSync(p) }))];
}

function ldMapSeeds(root, data) {
  const plain = fromFiles(
    root,
    listFiles(join(root, 'fixtures/images'), (n) => n.endsWith('.map')).filter((p) => !p.includes('/build/')),
  );
  const gz = listFiles(join(data, 'unikernels'), (n) => n.endsWith('.map.gz')).slice(0, 2);
  const windows = gz.flatMap((p) => {
    const lines = gunzipSync(readFileSync(p)).toString('utf8').split('\n');
    return [0, 0.3, 0.6, 0.9].map((at) => {
      const start = Math.floor(lines.length * at);
      return {
        name: `${relative(data, p)}#lines=${start}+1500`,
        data: encoder.encode(lines.slice(start, start + 1500).join('\n')),
      };
    });
  });
  return [...plain, ...windows];
}

/** The debs of the download cache: .deb, ar, tar and deb822 seeds (control files, copyright files). */
function debSeeds(root, lib) {
  const debs = fromFiles(
    root,
    listFiles(join(root, '.cache/debs'), (n) => n.endsWith('.deb')),
  ).filter((s) => s.data.length < 200_000);
  const tars = [];
  const deb822 = [];
  const kindOf = (name) => ({ xz: 'xz', gz: 'gzip', zst: 'zstd' })[name.slice(name.lastIndexOf('.') + 1)];
  for (const deb of debs) {
    for (const member of lib.readAr(deb.data, deb.name)) {
      if (!member.name.startsWith('control.tar')) continue;
      const kind = kindOf(member.name);
      const tar = kind ? lib.decompressors[kind](member.data) : member.data;
      tars.push({ name: `${deb.name}#${member.name}`, data: tar });
      const control = lib.readTar(tar, member.name).find((e) => e.path === 'control');
      if (control) deb822.push({ name: `${deb.name}#control`, data: control.data });
    }
    for (const f of lib.readDeb(deb.data, lib.decompressors, deb.name).files) {
      if (f.path.endsWith('/copyright') && f.data.length > 0)
        deb822.push({ name: `${deb.name}#${f.path}`, data: f.data });
    }
  }
  return { debs, tars, deb822 };
}

function jsSeeds(root) {
  const dir = join(root, 'fixtures/js/build');
  if (!existsSync(join(dir, 'app.js')) || !existsSync(join(dir, 'app.map')))
    return { sourceMaps: [], bundles: [] };
  const lines = readFileSync(join(dir, 'app.js'), 'utf8').split('\n');
  const map = JSON.parse(readFileSync(join(dir, 'app.map'), 'utf8'));
  const sourceMaps = [60, 400].map((n) => {
    const cut = { ...map, mappings: map.mappings.split(';').slice(0, n).join(';') };
    delete cut.sourcesContent;
    return {
      name: `fixtures/js/build/app.map#lines=${n}`,
      data: encoder.encode(JSON.stringify(cut)),
      aux: encoder.encode(lines.slice(0, n).join('\n') + '\n'),
      auxName: `fixtures/js/build/app.js#lines=${n}`,
    };
  });
  // The parse-based reader needs a whole program: the js_of_ocaml runtime's sources as Debian ships them.
  // Debian's js_of_ocaml-compiler package ships the runtime's parts as plain .js files.
  const runtime = listFiles('/usr/lib/ocaml/js_of_ocaml-compiler', (n) => n.endsWith('.js'));
  const bundles = runtime
    .filter((p) => statSync(p).size < 12_000)
    .map((p) => ({ name: p, data: readFileSync(p) }));
  return { sourceMaps, bundles };
}

/** A committed manifest per kind: Debian stack profiles, and image manifests built from the ELF fixtures. */
function manifestSeeds(root, imageManifests) {
  const stacks = fromFiles(
    root,
    listFiles(join(root, 'stacks'), (n) => n.endsWith('.json')),
  );
  return [...imageManifests, ...stacks.slice(0, 1)];
}

function budgetSeeds(root) {
  return fromFiles(
    root,
    listFiles(join(root, 'scripts/fuzz/seed-budgets'), (n) => n.endsWith('.json')),
  );
}

/**
 * Loads every seed, per target name. `lib` is the built code the seeds need to be cut (readDeb, readAr,
 * the decompressors, and image manifests of the ELF fixtures for the manifest target).
 */
export function loadSeeds({ root, data, lib }) {
  const elf = elfSeeds(root, data);
  const { debs, tars, deb822 } = debSeeds(root, lib);
  const { sourceMaps, bundles } = jsSeeds(root);
  const opamRepo = listFiles(join(data, 'opam-repository'), (n) => n === 'opam' || n.endsWith('.opam'));
  const opam = [
    ...fromFiles(
      data,
      listFiles(join(data, 'mirage-opam'), (n) => n.endsWith('.opam')),
    ),
    ...fromFiles(
      data,
      opamRepo.filter((_, i) => i % 8 === 0),
    ),
  ];
  const lock = fromFiles(
    data,
    listFiles(join(data, 'lockfiles'), (n) => n.endsWith('.locked')),
  );
  const exports = fromFiles(
    data,
    listFiles(join(data, 'switch-exports'), () => true),
  );
  const imageManifests = elf
    .filter((s) => !s.name.endsWith('.o') && s.data.length < 100_000)
    .slice(0, 4)
    .map((s) => ({ name: `${s.name}#manifest`, data: encoder.encode(JSON.stringify(lib.manifestOf(s))) }));
  const dpkgStatus = existsSync('/var/lib/dpkg/status')
    ? [
        {
          name: '/var/lib/dpkg/status#first-40',
          data: encoder.encode(
            readFileSync('/var/lib/dpkg/status', 'utf8').split('\n\n').slice(0, 40).join('\n\n'),
          ),
        },
      ]
    : [];
  // Debian's OCaml libraries: findlib META files, dune-package files and static archives with an index.
  const ocaml = (test, max, n) =>
    listFiles('/usr/lib/ocaml', test)
      .filter((p) => statSync(p).size < max)
      .slice(0, n)
      .map((p) => ({ name: p, data: readFileSync(p) }));
  return {
    'findlib-meta': ocaml((n) => n === 'META', 20_000, 16),
    'dune-package': ocaml((n) => n === 'dune-package', 30_000, 12),
    'ar-symbols': ocaml((n) => n.endsWith('.a'), 60_000, 8),
    elf,
    'elf-dwarf': elf,
    'elf-notes': elf,
    'elf-symbols': elf,
    'ld-map': ldMapSeeds(root, data),
    opam,
    'opam-lock': lock,
    'switch-export': exports,
    deb822: [...deb822, ...dpkgStatus],
    deb: debs,
    ar: debs,
    tar: tars,
    'source-map': sourceMaps,
    'js-bundle': bundles,
    manifest: manifestSeeds(root, imageManifests),
    budget: budgetSeeds(root),
  };
}
