import { describe, expect, it } from 'vitest';
import { buildInstallIndex, findByBase, findByPath, normalizePath } from './install-index.js';

describe('normalizePath', () => {
  it.each([
    ['/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu/crt1.o', '/usr/lib/x86_64-linux-gnu/crt1.o'],
    ['//usr/./lib//ocaml/', '/usr/lib/ocaml'],
    ['../a/b', '../a/b'],
    ['a/../../b', '../b'],
  ])('%s', (input, expected) => expect(normalizePath(input)).toBe(expected));
});

describe('install index', () => {
  const index = buildInstallIndex([
    {
      package: 'b-pkg',
      files: ['/usr/lib/ocaml/x/foo.cmx', '/lib/x86_64-linux-gnu/libz.so.1'],
      evidence: 'dpkg',
      source: 'b.list',
    },
    {
      package: 'a-pkg',
      version: '1.0',
      files: ['/usr/lib/ocaml/y/foo.cmx'],
      evidence: 'dpkg',
      source: 'a.list',
    },
  ]);
  it('finds by exact path, across merged /usr', () => {
    expect(findByPath(index, '/usr/lib/x86_64-linux-gnu/libz.so.1')?.package).toBe('b-pkg');
    expect(findByPath(index, '/usr/lib/ocaml/y/../y/foo.cmx')?.package).toBe('a-pkg');
  });
  it('reports an ambiguous base name and takes the first package by name', () => {
    const hit = findByBase(index, 'foo.cmx');
    expect(hit?.package).toBe('a-pkg');
    expect(hit?.ambiguous).toBe(true);
  });
});
