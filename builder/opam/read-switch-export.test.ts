import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readSwitchExport } from './read-switch-export.js';

const EXPORT = `opam-version: "2.0"
compiler: ["ocaml-base-compiler.4.14.0"]
roots: ["app.1.0" "ocaml-base-compiler.4.14.0"]
installed: ["app.1.0" "lib.2.0" "ocaml.4.14.0" "ocaml-base-compiler.4.14.0" "ppx.1.0"]
package "app" {
  version: "1.0"
  depends: ["ocaml" "lib" {>= "2.0"} "ppx" {build} "absent" {with-test}]
}
package "lib" {
  version: "2.0"
  depends: [("ocaml-variants" | "ocaml" {>= "4.08"})]
}
`;

describe('readSwitchExport', () => {
  it('resolves package sections against installed versions into kinded edges', () => {
    const { dependencies, export: ex } = readSwitchExport(EXPORT, 'opam.export');
    expect(ex.installed.size).toBe(5);
    expect(dependencies.roots).toEqual(['app', 'ocaml-base-compiler']);
    expect(dependencies.edges.map((e) => `${e.from}>${e.to}:${e.kind}`)).toEqual([
      'app>lib:runtime',
      'app>ocaml:runtime',
      'app>ppx:build',
      'lib>ocaml:runtime',
    ]);
    expect(dependencies.packages.filter((p) => p.buildOnly).map((p) => p.name)).toEqual(['ppx']);
    expect(dependencies.packages.filter((p) => !p.resolved).map((p) => p.name)).toEqual([
      'ocaml',
      'ocaml-base-compiler',
      'ppx',
    ]);
  });
  it('refuses a package section for a package missing from installed:, naming file and line', () => {
    const bad = EXPORT.replace('"lib.2.0" ', '');
    try {
      readSwitchExport(bad, 'opam.export');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe('OPAM_BAD');
      expect((e as UserError).location).toMatchObject({ file: 'opam.export', line: 9 });
      expect((e as UserError).message).toContain('package "lib"');
    }
  });
});
