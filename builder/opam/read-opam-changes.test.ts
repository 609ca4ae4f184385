import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readOpamChanges, readOpamInstall } from './read-opam-changes.js';

describe('readOpamChanges', () => {
  it('lists added and overwritten paths with their kind and hash', () => {
    const text =
      'opam-version: "2.0"\nadded: [\n  "lib/lwt" {"D"}\n  "lib/lwt/lwt.cmxa" {"F:2d1f"}\n  "bin/x" {"L:../lib/x"}\n]\ncontents-changed: [ "lib/stublibs/dll.so" {"F:aa"} ]\n';
    expect(readOpamChanges(text)).toEqual([
      { path: 'bin/x', kind: 'link', change: 'added', detail: '../lib/x' },
      { path: 'lib/lwt', kind: 'dir', change: 'added' },
      { path: 'lib/lwt/lwt.cmxa', kind: 'file', change: 'added', detail: '2d1f' },
      { path: 'lib/stublibs/dll.so', kind: 'file', change: 'contents-changed', detail: 'aa' },
    ]);
  });
  it('refuses a malformed entry with its line', () => {
    expect(() => readOpamChanges('added: [\n  42\n]', 'lwt.changes')).toThrow(UserError);
    try {
      readOpamChanges('added: [\n  42\n]', 'lwt.changes');
    } catch (e) {
      expect((e as UserError).location).toMatchObject({ file: 'lwt.changes', line: 2 });
    }
  });
});

describe('readOpamInstall', () => {
  it('places files by section, with renames and optional entries', () => {
    const text =
      'lib: [ "_build/install/default/lib/lwt/META" "?_build/x/lwt.cmxs" {"unix/lwt.cmxs"} ]\nbin: ["_build/a.exe" {"a"}]\nstublibs: ["dlllwt_unix_stubs.so"]\nman: ["lwt.3"]\n';
    expect(readOpamInstall(text, 'lwt').map((e) => [e.path, e.optional])).toEqual([
      ['bin/a', false],
      ['lib/lwt/META', false],
      ['lib/lwt/unix/lwt.cmxs', true],
      ['lib/stublibs/dlllwt_unix_stubs.so', false],
      ['man/man3/lwt.3', false],
    ]);
  });
});
