/**
 * readFindlibMeta on every META file installed under /usr/lib/ocaml, checked against ocamlfind's own
 * reading of the same files (`ocamlfind list`, `ocamlfind query -format`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import {
  readFindlibMeta,
  resolveFindlibVariable,
  type FindlibPackage,
} from '../../builder/findlib/read-findlib-meta.js';
import { checkTools } from '../support/test-needs.js';

const OCAML_DIR = '/usr/lib/ocaml';
const metaFiles = existsSync(OCAML_DIR)
  ? execFileSync('find', [OCAML_DIR, '-name', 'META', '-type', 'f'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort()
  : [];

/** findlib names a META file's top package after its directory. Each package comes with its directory. */
function parseAll(): { pkg: FindlibPackage; dir: string }[] {
  return metaFiles.flatMap((file) => {
    let packages: FindlibPackage[];
    try {
      packages = readFindlibMeta(readFileSync(file, 'utf8'), path.basename(path.dirname(file))).packages;
    } catch (e) {
      throw e instanceof UserError ? e.inFile(file) : e;
    }
    const dirs = new Map<string, string>();
    return packages.map((pkg) => {
      const parent = dirs.get(pkg.name.replace(/\.[^.]*$/, '')) ?? path.dirname(file);
      const d = pkg.directory;
      // findlib's rule: `+x` and `^` are relative to the standard library, others to the parent package.
      const dir =
        d === undefined || d === ''
          ? parent
          : d.startsWith('+')
            ? path.join(OCAML_DIR, d.slice(1))
            : d === '^'
              ? OCAML_DIR
              : path.resolve(parent, d);
      dirs.set(pkg.name, dir);
      return { pkg, dir };
    });
  });
}

/** ocamlfind hides a package whose `exists_if` file is missing. */
function exists(p: { pkg: FindlibPackage; dir: string }): boolean {
  const probe = resolveFindlibVariable(p.pkg, 'exists_if', []);
  return probe === undefined || probe.split(/\s+/).every((f) => existsSync(path.join(p.dir, f)));
}

// Debian's lwt installs META files under OCAML_DIR: with it, there are hundreds to read.
const installed = checkTools('ocamlfind', '/usr/lib/ocaml/lwt/META');
describe.skipIf(installed.skip)(
  installed.title(`readFindlibMeta on the META files under ${OCAML_DIR}`),
  () => {
    it('parses every META file (find counts them) and finds the packages `ocamlfind list` lists', () => {
      expect(metaFiles.length).toBe(
        Number(
          execFileSync('sh', ['-c', `find ${OCAML_DIR} -name META -type f | wc -l`], {
            encoding: 'utf8',
          }).trim(),
        ),
      );
      const ours = parseAll()
        .filter(exists)
        .map((p) => p.pkg.name)
        .sort();
      const listed = execFileSync('ocamlfind', ['list'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0] ?? '')
        .sort();
      expect(ours).toEqual(listed);
    });

    it('gives each package the version and native archives `ocamlfind query -predicates native` gives', () => {
      // ocamlfind query prints nothing for a package that sets `error` (threads.none here).
      const packages = parseAll()
        .filter((p) => exists(p) && resolveFindlibVariable(p.pkg, 'error', ['native']) === undefined)
        .map((p) => p.pkg);
      expect(packages.length).toBeGreaterThan(100);
      const names = packages.map((p) => p.name);
      const query = (format: string): string[] =>
        execFileSync('ocamlfind', ['query', '-format', format, '-predicates', 'native', ...names], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 64 << 20,
        })
          .trim()
          .split('\n');
      const versions = new Map(query('%p|%v').map((l) => [l.split('|')[0] ?? '', l.split('|')[1]] as const));
      expect(versions.size).toBe(names.length);
      // With %a ocamlfind prints one line per archive file (none for a package without archives).
      const archives = new Map<string, string[]>();
      for (const line of query('%p|%a')) {
        const [name = '', file = ''] = line.split('|');
        archives.set(name, [...(archives.get(name) ?? []), file]);
      }
      expect(archives.size).toBeGreaterThan(100);
      for (const pkg of packages) {
        expect({ name: pkg.name, version: pkg.version ?? '[unspecified]' }).toEqual({
          name: pkg.name,
          version: versions.get(pkg.name),
        });
        const ours = (resolveFindlibVariable(pkg, 'archive', ['native']) ?? '')
          .split(/[\s,]+/)
          .filter(Boolean);
        expect({ name: pkg.name, archives: ours }).toEqual({
          name: pkg.name,
          archives: archives.get(pkg.name) ?? [],
        });
      }
    });

    it('reads lwt.unix: requires, archives, directory as `ocamlfind query` states them', () => {
      const file = path.join(OCAML_DIR, 'lwt', 'META');
      const pkg = readFindlibMeta(readFileSync(file, 'utf8'), 'lwt').packages.find(
        (p) => p.name === 'lwt.unix',
      );
      const q = (format: string): string =>
        execFileSync('ocamlfind', ['query', '-format', format, 'lwt.unix'], { encoding: 'utf8' }).trim();
      expect(pkg?.requires.join(' ')).toBe(q('%(requires)'));
      expect(pkg?.description).toBe(q('%D'));
      expect(path.join(OCAML_DIR, 'lwt', pkg?.directory ?? '')).toBe(q('%d'));
      const native = execFileSync(
        'ocamlfind',
        ['query', '-predicates', 'native', '-format', '%a', 'lwt.unix'],
        { encoding: 'utf8' },
      ).trim();
      expect(pkg?.archives).toContainEqual({ predicates: ['native'], files: native.split(' ') });
    });
  },
);

describe('readFindlibMeta on bad input', () => {
  it.each([
    ['an unclosed package', 'version = "1"\npackage "sub" (\n  version = "2"\n', 2, 15],
    ['a value without quotes', 'version = 1.0\n', 1, 11],
    ['a missing operator', 'requires "x"\n', 1, 10],
    ['an unterminated string', 'description = "abc\n', 1, 15],
    ['a stray ")"', 'version = "1"\n)\n', 2, 1],
  ])('%s → META_BAD at the spot', (_what, text, line, column) => {
    let error: unknown;
    try {
      readFindlibMeta(text, 'p');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('META_BAD');
    expect((error as UserError).location).toMatchObject({ line, column });
    expect((error as UserError).inFile('p/META').message).toMatch(
      new RegExp(`^p/META: .*line ${line}, column ${column}`),
    );
  });
});
