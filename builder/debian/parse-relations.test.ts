import { describe, expect, it } from 'vitest';
import { formatRelation, parseRelations } from './parse-relations.js';

describe('parseRelations', () => {
  it('reads alternatives, constraints, architecture qualifiers, restrictions and profiles', () => {
    const groups = parseRelations('a (>= 1.2) | b:any, c [amd64 !i386] <!nocheck>, d (<< 2:3~x)');
    expect(groups.map((g) => g.map(formatRelation))).toEqual([
      ['a (>= 1.2)', 'b:any'],
      ['c'],
      ['d (<< 2:3~x)'],
    ]);
    expect(groups[1]?.[0]?.architectures).toEqual(['amd64', '!i386']);
    expect(groups[1]?.[0]?.profiles).toEqual(['!nocheck']);
    expect(groups[0]?.[1]?.archQualifier).toBe('any');
  });

  it('reads obsolete < and > as <= and >=, as dpkg does', () => {
    expect(parseRelations('x (< 1), y (> 2)').map((g) => g[0]?.constraint?.op)).toEqual(['<=', '>=']);
  });

  it('ignores empty groups and reads continuation white space', () => {
    expect(parseRelations('a,\n b ,').map((g) => g[0]?.name)).toEqual(['a', 'b']);
  });

  it('throws DEB_BAD naming the field for garbage', () => {
    expect(() => parseRelations('a (>= 1', 'Depends of x')).toThrow(/Depends of x.*DEB_BAD|DEB_BAD/);
  });
});
