import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { parseOpamLock, readOpamLock } from './read-opam-lock.js';
import { readOpamRepo } from './read-opam-repo.js';
import type { OpamFileLookup } from './read-opam-repo.js';

const LOCK = `opam-version: "2.0"
depends: [
  "a" {= "1.0" & ?vendor}
  "b" {= "2.0" & ?vendor}
  "dune" {= "3.0"}
  "ghost" {= "0.1~dev"}
]
pin-depends: [
  ["a.1.0" "https://example.org/a-1.0.tbz"]
  ["b.2.0" "https://example.org/b-2.0.tbz"]
]
x-opam-monorepo-duniverse-dirs: [
  ["https://example.org/a-1.0.tbz" "a" ["sha256=aa"]]
]
x-opam-monorepo-opam-provided: ["dune"]
x-opam-monorepo-root-packages: ["app-hvt"]
`;

function repo(files: Record<string, string>): OpamFileLookup {
  return (name, version) => {
    const text = files[`${name}.${version}`];
    return text === undefined ? undefined : { text, file: `packages/${name}/${name}.${version}/opam` };
  };
}

describe('readOpamLock', () => {
  it('reads entries, pins, checksums, roots and the target from the file name', () => {
    const lock = parseOpamLock(LOCK, 'mirage/app-hvt.opam.locked');
    expect(lock.entries.map((e) => [e.name, e.version, e.vendored])).toEqual([
      ['a', '1.0', true],
      ['b', '2.0', true],
      ['dune', '3.0', false],
      ['ghost', '0.1~dev', false],
    ]);
    expect(lock.target).toBe('hvt');
    const { dependencies } = readOpamLock(LOCK, 'mirage/app-hvt.opam.locked');
    expect(dependencies.packages.find((p) => p.name === 'a')?.source).toEqual({
      url: 'https://example.org/a-1.0.tbz',
      checksums: ['sha256=aa'],
    });
    expect(dependencies.edges.filter((e) => e.from === 'app-hvt').map((e) => `${e.to}:${e.kind}`)).toEqual([
      'a:runtime',
      'b:runtime',
      'dune:build',
      'ghost:build',
    ]);
    expect(dependencies.unresolved).toEqual(['dune.3.0', 'ghost.0.1~dev']);
  });
  it('refuses a depends entry without {= "version"}, naming file and line', () => {
    const e = (() => {
      try {
        parseOpamLock('depends: [\n  "a" {>= "1"}\n]', 'x.opam.locked');
      } catch (error) {
        return error as UserError;
      }
      throw new Error('no error');
    })();
    expect(e.code).toBe('OPAM_BAD');
    expect(e.location).toMatchObject({ file: 'x.opam.locked', line: 2 });
  });
});

describe('readOpamRepo', () => {
  const files = {
    'a.1.0':
      'license: ["MIT" "ISC"]\nhomepage: "https://a.example"\ndepends: ["b" {>= "2.0"} "dune" {>= "2.0"} "alcotest" {with-test}]\n',
    'b.2.0':
      'license: "ISC"\ndepends: ["dune" {build}]\nurl { src: "https://example.org/b.tbz" checksum: ["sha256=bb"] }\n',
    'dune.3.0': 'depends: [("ocaml" {>= "4.08"} | "ocaml-system")]\n',
  };
  it('joins opam files: facts, edges with kinds, pin-only and unresolved packages, build-only marks', () => {
    const lock = parseOpamLock(LOCK, 'app-hvt.opam.locked');
    const { dependencies, diagnostics } = readOpamRepo(lock, repo(files));
    const a = dependencies.packages.find((p) => p.name === 'a');
    expect(a).toMatchObject({
      licence: 'MIT AND ISC',
      homepage: 'https://a.example',
      resolved: true,
      vendored: true,
      buildOnly: false,
    });
    // b is vendored: the pin's archive is its source, not the opam file's url.
    expect(dependencies.packages.find((p) => p.name === 'b')?.source?.url).toBe(
      'https://example.org/b-2.0.tbz',
    );
    expect(dependencies.edges.map((e) => `${e.from}>${e.to}:${e.kind}`)).toEqual([
      'a>b:runtime',
      'a>dune:runtime',
      'app-hvt>a:runtime',
      'app-hvt>dune:build',
      'app-hvt>ghost:build',
      'b>dune:build',
    ]);
    expect(dependencies.unresolved).toEqual(['ghost.0.1~dev']);
    expect(dependencies.packages.find((p) => p.name === 'ghost')).toMatchObject({
      resolved: false,
      buildOnly: true,
    });
    expect(diagnostics.map((d) => d.code)).toContain('opam-unresolved');
  });
  it('marks a pin-only version resolved: false, keeps its URL, and says so', () => {
    const lock = parseOpamLock(LOCK, 'app-hvt.opam.locked');
    const { dependencies, diagnostics } = readOpamRepo(
      lock,
      repo({ ...files, 'b.2.0': undefined as unknown as string }),
    );
    expect(dependencies.packages.find((p) => p.name === 'b')).toMatchObject({
      resolved: false,
      source: { url: 'https://example.org/b-2.0.tbz' },
    });
    expect(dependencies.unresolved).not.toContain('b.2.0');
    expect(diagnostics.find((d) => d.code === 'opam-pin-only')?.message).toContain('b.2.0');
  });
  it('throws DEP_CYCLE for a runtime cycle, and accepts a cycle through {post}', () => {
    const lock = parseOpamLock(LOCK, 'app-hvt.opam.locked');
    const cyclic = { ...files, 'b.2.0': 'depends: ["a"]\n' };
    expect(() => readOpamRepo(lock, repo(cyclic))).toThrow(/cycle between a, b/);
    try {
      readOpamRepo(lock, repo(cyclic));
    } catch (e) {
      expect((e as UserError).code).toBe('DEP_CYCLE');
      expect((e as UserError).message).toContain('app-hvt.opam.locked');
    }
    expect(() => readOpamRepo(lock, repo({ ...files, 'b.2.0': 'depends: ["a" {post}]\n' }))).not.toThrow();
  });
  it('takes the root edges from the root opam file when given', () => {
    const lock = parseOpamLock(LOCK, 'app-hvt.opam.locked');
    const rootOpam = {
      text: 'depends: ["a" {?monorepo} "dune" {build} "ghost" {build}]',
      file: 'app-hvt.opam',
    };
    const { dependencies, diagnostics } = readOpamRepo(lock, repo(files), { rootOpam });
    expect(dependencies.edges.filter((e) => e.from === 'app-hvt').map((e) => `${e.to}:${e.kind}`)).toEqual([
      'a:runtime',
      'dune:build',
      'ghost:build',
    ]);
    expect(diagnostics.map((d) => d.code)).not.toContain('opam-root-inferred');
  });
});
