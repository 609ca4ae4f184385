import { describe, expect, it } from 'vitest';
import { buildDuniverseIndex, joinSourcePath, originOfPath } from './origin-paths.js';

const lock = buildDuniverseIndex({
  pins: [
    { name: 'lwt', version: '5.7.0', url: 'git+https://example.org/lwt#abc', line: 1 },
    { name: 'mirage-crypto', version: '1.1.0', url: 'https://example.org/mc.tbz', line: 2 },
    { name: 'mirage-crypto-rng', version: '1.1.0', url: 'https://example.org/mc.tbz', line: 3 },
  ],
  duniverseDirs: [
    { url: 'git+https://example.org/lwt#abc', dir: 'lwt', checksums: [] },
    { url: 'https://example.org/mc.tbz', dir: 'mirage-crypto', checksums: [] },
    { url: 'https://example.org/other.tbz', dir: 'other', checksums: [] },
  ],
});

describe('originOfPath', () => {
  it.each([
    ['/home/u/.opam-switch/build/lwt.5.7.0/src/unix/lwt_unix_stubs.c', 'lwt', '5.7.0', 'opam-build'],
    [
      '/w/_opam/.opam-switch/build/ocaml-base-compiler.5.2.1/runtime',
      'ocaml-base-compiler',
      '5.2.1',
      'opam-build',
    ],
    ['/home/u/.opam/default/build/zarith.1.14/caml_z.c', 'zarith', '1.14', 'opam-build'],
    ['/p/.opam-switch/sources/cstruct.6.2.0/lib/cstruct_stubs.c', 'cstruct', '6.2.0', 'opam-source'],
    ['/p/.opam-switch/sources/mylib/src/a.c', 'mylib', undefined, 'opam-source'],
    ['/build/glibc-Ab3dE9/glibc-2.36/string/memcpy.c', 'glibc', '2.36', 'debian-build'],
    ['/build/gcc-12-XyZ123/gcc-12-12.2.0/libgcc/x.c', 'gcc-12', '12.2.0', 'debian-build'],
    ['/build/reproducible-path/openssl-3.0.15/crypto/aes.c', 'openssl', '3.0.15', 'debian-build'],
    ['_build/default/duniverse/lwt/src/unix/liblwt_unix_stubs.a', 'lwt', '5.7.0', 'duniverse'],
  ])('%s → %s %s (%s)', (path, pkg, version, layout) => {
    const origin = originOfPath(path, lock);
    expect(origin?.package).toBe(pkg);
    expect(origin?.version).toBe(version);
    expect(origin?.layout).toBe(layout);
  });

  it.each([
    ['/usr/lib/ocaml/stdlib.a'],
    ['/build/x/y-1/z.c'], // the outer folder does not repeat the source name
    ['/opt/builder/ocaml-solo5-src/ocaml/stdlib/list.ml'],
    ['./bindings/hvt/console.c'],
  ])('%s names no package', (path) => {
    expect(originOfPath(path, lock)).toBeUndefined();
  });

  it('records the duniverse folder, not a guess, when the lock file cannot say which package', () => {
    expect(originOfPath('duniverse/mirage-crypto/src/native/aes.c', lock)).toMatchObject({
      package: 'duniverse/mirage-crypto',
      detail: expect.stringContaining('mirage-crypto.1.1.0, mirage-crypto-rng.1.1.0'),
    });
    expect(originOfPath('duniverse/other/a.c', lock)?.detail).toContain('pins no package');
    expect(originOfPath('duniverse/lwt/a.c')).toMatchObject({
      package: 'duniverse/lwt',
      detail: 'duniverse/lwt (no lock file given)',
    });
  });
});

describe('joinSourcePath', () => {
  it.each([
    ['./bindings', 'hvt/console.c', './bindings/hvt/console.c'],
    ['/src/ocaml/', 'runtime/alloc.c', '/src/ocaml/runtime/alloc.c'],
    ['/src', '/abs/x.c', '/abs/x.c'],
    [undefined, 'x.c', 'x.c'],
  ])('%s + %s', (dir, name, joined) => {
    expect(joinSourcePath(dir, name)).toBe(joined);
  });
});
