import { describe, expect, it } from 'vitest';
import { buildInstallIndex, type InstallList } from '../attribution/install-index.js';
import {
  buildFindlibDependencies,
  resolveDirectory,
  type FindlibMetaSource,
} from './findlib-dependencies.js';

// A miniature Debian system: META files in /lib/ocaml/<pkg>/META, archives in -dev packages.
const metas: Record<string, string> = {
  lwt: 'requires = "bytes"\narchive(byte) = "lwt.cma"\narchive(native) = "lwt.cmxa"\npackage "unix" (\n directory = "unix"\n requires = "lwt unix threads"\n archive(byte) = "lwt_unix.cma"\n archive(native) = "lwt_unix.cmxa"\n)\n',
  bytes: 'requires = ""\n',
  // (byte archives sit in the runtime package, sources in another: the sources mode follows the sources)
  unix: 'directory = "^"\narchive(byte) = "unix.cma"\narchive(native) = "unix.cmxa"\n',
  threads:
    'directory = "^"\nrequires(mt,mt_posix) = "threads.posix"\npackage "posix" (\n requires = "unix"\n directory = "+threads"\n archive(native,mt,mt_posix) = "threads.cmxa"\n)\n',
};
const lists: InstallList[] = [
  {
    package: 'liblwt-ocaml-dev',
    files: [
      '/lib/ocaml/lwt/lwt.cmxa',
      '/lib/ocaml/lwt/lwt.a',
      '/lib/ocaml/lwt/unix/lwt_unix.cmxa',
      '/lib/ocaml/lwt/unix/lwt_unix.a',
    ],
    evidence: 'dpkg',
    source: 'a',
  },
  {
    package: 'liblwt-ocaml',
    files: ['/lib/ocaml/lwt/META', '/lib/ocaml/lwt/lwt.cma', '/lib/ocaml/lwt/unix/lwt_unix.cma'],
    evidence: 'dpkg',
    source: 'b',
  },
  {
    package: 'liblwt-src',
    files: ['/lib/ocaml/lwt/lwt.ml', '/lib/ocaml/lwt/unix/lwt_unix.ml'],
    evidence: 'dpkg',
    source: 'f',
  },
  { package: 'other-src', files: ['/lib/ocaml/other.ml'], evidence: 'dpkg', source: 'g' },
  {
    package: 'libfindlib-ocaml',
    files: ['/lib/ocaml/bytes/META', '/lib/ocaml/unix/META', '/lib/ocaml/threads/META'],
    evidence: 'dpkg',
    source: 'c',
  },
  {
    package: 'ocaml',
    files: [
      '/lib/ocaml/unix.ml',
      '/lib/ocaml/unix.cma',
      '/lib/ocaml/unix.cmxa',
      '/lib/ocaml/unix.a',
      '/lib/ocaml/threads/threads.cmxa',
      '/lib/ocaml/threads/threads.a',
      '/lib/ocaml/libasmrun.a',
      '/bin/ocamlopt',
    ],
    evidence: 'dpkg',
    source: 'd',
  },
  { package: 'ocaml-findlib', files: ['/bin/ocamlfind'], evidence: 'dpkg', source: 'e' },
];
const status = new Map([
  ['liblwt-ocaml-dev', { version: '5.6.1-1', homepage: 'https://example.invalid/lwt' }],
  ['ocaml', { version: '4.13.1-4' }],
  ['ocaml-findlib', { version: '1.9.6-1' }],
  ['libfindlib-ocaml', { version: '1.9.6-1' }],
]);
const lookupMeta = (name: string): FindlibMetaSource | undefined =>
  metas[name] === undefined
    ? undefined
    : { text: metas[name], file: `/lib/ocaml/${name}/META`, dir: `/lib/ocaml/${name}` };

const run = (
  packages: string[],
  predicates: string[],
  extra: { runtimeFiles?: string[]; toolFiles?: string[]; ownerFiles?: 'archives' | 'sources' } = {},
) =>
  buildFindlibDependencies({
    program: 'app',
    packages,
    predicates,
    lookupMeta,
    stdlibDir: '/lib/ocaml',
    install: buildInstallIndex(lists),
    dpkgStatus: status,
    runtimeFiles: extra.runtimeFiles ?? [],
    toolFiles: extra.toolFiles ?? [],
    ...(extra.ownerFiles ? { ownerFiles: extra.ownerFiles } : {}),
  });

describe('resolveDirectory', () => {
  it.each([
    ['^', '/lib/ocaml/threads', '/lib/ocaml'],
    ['+threads', '/lib/ocaml/threads', '/lib/ocaml/threads'],
    ['unix', '/lib/ocaml/lwt', '/lib/ocaml/lwt/unix'],
    ['/opt/x', '/lib/ocaml/lwt', '/opt/x'],
    ['../y', '/lib/ocaml/lwt', '/lib/ocaml/y'],
  ])('%s under %s', (value, base, expected) =>
    expect(resolveDirectory(value, base, '/lib/ocaml')).toBe(expected),
  );
});

describe('buildFindlibDependencies', () => {
  const cases = [
    {
      name: 'without threads predicates, threads has no archive and maps to its META owner',
      packages: ['lwt.unix'],
      predicates: ['native'],
      map: {
        bytes: ['libfindlib-ocaml'],
        lwt: ['liblwt-ocaml-dev'],
        'lwt.unix': ['liblwt-ocaml-dev'],
        threads: ['libfindlib-ocaml'],
        unix: ['ocaml'],
      },
      edges: [
        'app>liblwt-ocaml-dev:runtime',
        'liblwt-ocaml-dev>libfindlib-ocaml:runtime',
        'liblwt-ocaml-dev>ocaml:runtime',
      ],
    },
    {
      name: 'with mt,mt_posix the conditional requires pulls threads.posix from the compiler package',
      packages: ['lwt.unix'],
      predicates: ['native', 'mt', 'mt_posix'],
      map: {
        bytes: ['libfindlib-ocaml'],
        lwt: ['liblwt-ocaml-dev'],
        'lwt.unix': ['liblwt-ocaml-dev'],
        threads: ['libfindlib-ocaml'],
        'threads.posix': ['ocaml'],
        unix: ['ocaml'],
      },
      edges: [
        'app>liblwt-ocaml-dev:runtime',
        'libfindlib-ocaml>ocaml:runtime',
        'liblwt-ocaml-dev>libfindlib-ocaml:runtime',
        'liblwt-ocaml-dev>ocaml:runtime',
      ],
    },
    {
      name: 'byte archives map to the runtime package',
      packages: ['lwt.unix'],
      predicates: ['byte'],
      map: {
        bytes: ['libfindlib-ocaml'],
        lwt: ['liblwt-ocaml'],
        'lwt.unix': ['liblwt-ocaml'],
        threads: ['libfindlib-ocaml'],
        unix: ['ocaml'],
      },
      edges: [
        'app>liblwt-ocaml:runtime',
        'liblwt-ocaml>libfindlib-ocaml:runtime',
        'liblwt-ocaml>ocaml:runtime',
      ],
    },
    {
      name: 'in sources mode, packages follow their .ml files; in a shared folder the archive owner wins',
      packages: ['lwt.unix'],
      predicates: ['byte'],
      ownerFiles: 'sources' as const,
      map: {
        bytes: ['libfindlib-ocaml'],
        lwt: ['liblwt-src'],
        'lwt.unix': ['liblwt-src'],
        threads: ['libfindlib-ocaml'],
        unix: ['ocaml'],
      },
      edges: ['app>liblwt-src:runtime', 'liblwt-src>libfindlib-ocaml:runtime', 'liblwt-src>ocaml:runtime'],
    },
  ];
  it.each(cases)('$name', (c) => {
    const out = run(c.packages, c.predicates, 'ownerFiles' in c ? { ownerFiles: c.ownerFiles } : {});
    expect(out.findlibToDebian).toEqual(c.map);
    expect(out.dependencies.edges.map((e) => `${e.from}>${e.to}:${e.kind}`)).toEqual(c.edges);
    expect(out.dependencies.roots).toEqual(['app']);
    // lwt -> lwt.unix within one Debian package gives no self-edge.
    expect(out.dependencies.edges.some((e) => e.from === e.to)).toBe(false);
  });

  it('takes versions and homepages from dpkg status and marks the origin', () => {
    const lwt = run(['lwt'], ['native']).dependencies.packages.find((p) => p.name === 'liblwt-ocaml-dev');
    expect(lwt).toMatchObject({
      version: '5.6.1-1',
      homepage: 'https://example.invalid/lwt',
      origin: 'findlib+dpkg',
      resolved: true,
      buildOnly: false,
    });
  });

  it('adds the runtime as a runtime dependency and tools as build dependencies', () => {
    const out = run(['lwt'], ['native'], {
      runtimeFiles: ['/lib/ocaml/libasmrun.a'],
      toolFiles: ['/bin/ocamlfind', '/bin/ocamlopt', '/bin/missing'],
    });
    const edges = out.dependencies.edges.filter((e) => e.from === 'app').map((e) => `${e.to}:${e.kind}`);
    expect(edges).toEqual([
      'liblwt-ocaml-dev:runtime',
      'ocaml:build',
      'ocaml:runtime',
      'ocaml-findlib:build',
    ]);
    expect(out.dependencies.packages.find((p) => p.name === 'ocaml-findlib')?.buildOnly).toBe(true);
    expect(out.dependencies.packages.find((p) => p.name === 'ocaml')?.buildOnly).toBe(false);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['dpkg-unowned']);
  });

  it('lists a package no META defines as unresolved, with a diagnostic', () => {
    const out = run(['lwt', 'nope.sub'], ['native']);
    expect(out.dependencies.unresolved).toEqual(['findlib:nope.sub']);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['findlib-missing']);
  });

  it('reports a broken META file with its path', () => {
    const broken = (name: string): FindlibMetaSource | undefined => ({
      text: 'requires = "x',
      file: `/lib/ocaml/${name}/META`,
      dir: `/lib/ocaml/${name}`,
    });
    expect(() =>
      buildFindlibDependencies({
        program: 'app',
        packages: ['x'],
        predicates: [],
        lookupMeta: broken,
        stdlibDir: '/lib/ocaml',
        install: buildInstallIndex([]),
        dpkgStatus: new Map(),
        runtimeFiles: [],
        toolFiles: [],
      }),
    ).toThrow(/\/lib\/ocaml\/x\/META: .*line 1.*META_BAD/);
  });
});
