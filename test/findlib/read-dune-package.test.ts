/**
 * readDunePackage on every dune-package file installed under /usr/lib/ocaml, checked against the files
 * Debian's packages ship (`dpkg -L`: each implemented module's `<obj_name>.cmx`, each archive) and
 * against findlib's view of the same libraries (`ocamlfind query`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readDunePackage, type DunePackage } from '../../builder/findlib/read-dune-package.js';
import { check, checkTools, tool } from '../support/test-needs.js';

const OCAML_DIR = '/usr/lib/ocaml';
/** Debian's lwt ships dune-package files; with it installed there are hundreds to read. */
const LWT = path.join(OCAML_DIR, 'lwt', 'dune-package');
const installed = check(tool(LWT));
const files = existsSync(OCAML_DIR)
  ? execFileSync('find', [OCAML_DIR, '-name', 'dune-package', '-type', 'f'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort()
  : [];

function parse(file: string): DunePackage {
  try {
    return readDunePackage(readFileSync(file, 'utf8'));
  } catch (e) {
    throw e instanceof UserError ? e.inFile(file) : e;
  }
}

/** Every `(obj_name x)` written in the text: a reading independent of the s-expression parser. */
function objNamesInText(text: string): string[] {
  return [...text.matchAll(/\(obj_name\s+([^\s()]+)\)/g)].map((m) => m[1] ?? '').sort();
}

describe.skipIf(installed.skip)(
  installed.title(`readDunePackage on the dune-package files under ${OCAML_DIR}`),
  () => {
    it('parses every file (find counts them), with the lang, name and every obj_name the text holds', () => {
      expect(files.length).toBe(
        Number(
          execFileSync('sh', ['-c', `find ${OCAML_DIR} -name dune-package -type f | wc -l`], {
            encoding: 'utf8',
          }).trim(),
        ),
      );
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const pkg = parse(file);
        expect(pkg.lang).toBe(/^\(lang dune (\S+)\)/.exec(text)?.[1]);
        expect(pkg.name).toBe(/^\(name (\S+)\)$/m.exec(text)?.[1]);
        expect({
          file,
          objNames: pkg.libraries.flatMap((l) => l.modules.map((m) => m.objName)).sort(),
        }).toEqual({ file, objNames: objNamesInText(text) });
        expect(pkg.libraries.length).toBe([...text.matchAll(/^\(library$/gm)].length);
      }
    });

    const dpkg = checkTools('dpkg');
    it.skipIf(dpkg.skip)(
      dpkg.title(
        'every implemented module has <obj_name>.cmx and every archive exists among the files `dpkg -L` lists',
      ),
      () => {
        const owners = [
          ...new Set(
            execFileSync('dpkg', ['-S', ...files], { encoding: 'utf8' })
              .trim()
              .split('\n')
              .map((l) => l.split(':')[0] ?? ''),
          ),
        ];
        const shipped = new Set(
          execFileSync('dpkg', ['-L', ...owners], { encoding: 'utf8', maxBuffer: 64 << 20 })
            .trim()
            .split('\n'),
        );
        let checked = 0;
        for (const file of files) {
          const dir = path.dirname(file);
          for (const lib of parse(file).libraries) {
            const native = lib.archives.native[0];
            if (!native) continue;
            expect(shipped.has(path.join(dir, native)), `${lib.name}: ${native}`).toBe(true);
            const libDir = path.join(dir, path.dirname(native));
            for (const m of lib.modules.filter((m) => m.impl)) {
              expect(
                shipped.has(path.join(libDir, `${m.objName}.cmx`)),
                `${lib.name}: ${m.objName}.cmx`,
              ).toBe(true);
              checked++;
            }
          }
        }
        expect(checked).toBeGreaterThan(300);
      },
    );

    const ocamlfind = checkTools('ocamlfind');
    it.skipIf(ocamlfind.skip)(ocamlfind.title('library names and requires agree with ocamlfind'), () => {
      const libraries = files.flatMap((f) => parse(f).libraries);
      // A ppx rewriter's or deriver's META states its link-time requirements under the ppx_driver predicate.
      for (const [predicates, libs] of [
        ['native', libraries.filter((l) => !l.kind?.startsWith('ppx_'))],
        ['native,ppx_driver', libraries.filter((l) => l.kind?.startsWith('ppx_'))],
      ] as const) {
        const out = execFileSync(
          'ocamlfind',
          ['query', '-predicates', predicates, '-format', '%p|%(requires)|@@', ...libs.map((l) => l.name)],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
        // A META value may span lines: records end with the |@@ marker.
        const records = out
          .split('|@@')
          .map((r) => r.trim())
          .filter(Boolean);
        const requires = new Map(
          records.map(
            (r) => [r.split('|')[0] ?? '', (r.split('|')[1] ?? '').split(/\s+/).filter(Boolean)] as const,
          ),
        );
        for (const lib of libs) {
          expect(requires.has(lib.name), lib.name).toBe(true);
          // META may add requirements dune keeps apart, never drop one.
          for (const r of lib.requires)
            expect(requires.get(lib.name), `${lib.name} requires ${r}`).toContain(r);
        }
      }
    });

    it('lwt.unix: wrapping, main archive, C stubs', () => {
      const text = readFileSync(LWT, 'utf8');
      const lib = parse(LWT).libraries.find((l) => l.name === 'lwt.unix');
      const stanza = text.slice(text.indexOf('(name lwt.unix)'));
      expect(lib?.wrapping).toBe(/\(modules\s+\((\w+)/.exec(stanza)?.[1]);
      expect(lib?.foreignArchives).toEqual([/\(foreign_archives ([^)]+)\)/.exec(stanza)?.[1]]);
      expect(lib?.modules.map((m) => m.objName)).toContain('lwt_main');
    });
  },
);

/** A dune 3 layout (nested groups, `module` entries with `source`), written for this test. */
const DUNE3_SAMPLE = `(lang dune 3.16)
(name foo)
(sections (lib .) (doc ../../doc/foo))
(files (lib (META dune-package foo.a foo.cma foo.cmxa foo__.cmx foo.cmx foo__Bar.cmx)))
(library
 (name foo)
 (kind normal)
 (synopsis "A \\"quoted\\" synopsis")
 (archives (byte foo.cma) (native foo.cmxa))
 (native_archives foo.a)
 (requires bar baz.sub)
 (main_module_name Foo)
 (modes byte native)
 (modules
  (wrapped
   (group
    (alias_module
     (name Foo__)
     (obj_name foo__)
     (visibility public)
     (kind alias)
     (source (path Foo__) (impl (path foo__.ml-gen))))
    (name Foo)
    (modules
     (module (obj_name foo) (visibility public) (source (path Foo) (intf (path foo.mli)) (impl (path foo.ml))))
     (module (obj_name foo__Bar) (visibility private) (source (path Bar) (impl (path bar.ml))))
     (module (obj_name foo__Sig) (visibility public) (source (path Sig) (intf (path sig.mli))))))
   (wrapped true))))
`;

describe('readDunePackage on a dune 3 layout and on bad input', () => {
  it('finds every obj_name of nested groups, the alias module and which modules have code', () => {
    const pkg = readDunePackage(DUNE3_SAMPLE);
    const lib = pkg.libraries[0];
    expect(pkg).toMatchObject({ lang: '3.16', name: 'foo' });
    expect(lib?.modules.map((m) => m.objName).sort()).toEqual(objNamesInText(DUNE3_SAMPLE));
    expect(lib?.modules.filter((m) => m.alias).map((m) => m.objName)).toEqual(['foo__']);
    // The sample's (files ...) list names the .cmx files that exist: exactly the modules with an impl.
    const cmx = [...DUNE3_SAMPLE.matchAll(/(\S+)\.cmx\b(?!a)/g)].map((m) => m[1]).sort();
    expect(
      lib?.modules
        .filter((m) => m.impl)
        .map((m) => m.objName)
        .sort(),
    ).toEqual(cmx);
    expect(lib?.synopsis).toBe('A "quoted" synopsis');
  });

  it.each([
    ['no lang line', '(name foo)\n', 1, 1],
    ['an unclosed list', '(lang dune 3.0)\n(library\n (name x)\n', 2, 1],
    ['a stray ")"', '(lang dune 3.0)\n)\n', 2, 1],
    ['an unterminated string', '(lang dune 3.0)\n(library (synopsis "abc))\n', 2, 20],
  ])('%s → META_BAD at the spot', (_what, text, line, column) => {
    let error: unknown;
    try {
      readDunePackage(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('META_BAD');
    expect((error as UserError).location).toMatchObject({ line, column });
    expect((error as UserError).inFile('x/dune-package').message).toMatch(
      new RegExp(`^x/dune-package: .*line ${line}, column ${column}`),
    );
  });
});
