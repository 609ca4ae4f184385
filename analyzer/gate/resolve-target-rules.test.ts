import { describe, expect, it } from 'vitest';
import { matchesNamePattern } from './match-name-pattern.js';
import { resolveTargetRules } from './resolve-target-rules.js';

describe('matchesNamePattern', () => {
  it.each([
    ['zlib1g-dev', 'zlib*', true],
    ['zlib1g-dev', 'zlib', false],
    ['libssl3', 'libssl?', true],
    ['libssl30', 'libssl?', false],
    ['a.b', 'a?b', true],
    ['axb', 'a.b', false], // a dot is a dot, not "any character"
    ['GPL-3.0-or-later', 'GPL-3.0*', true],
    ['LGPL-2.1', 'GPL*', false],
  ])('%s against %s: %s', (name, pattern, expected) => {
    expect(matchesNamePattern(name, pattern)).toBe(expected);
  });
});

describe('resolveTargetRules', () => {
  const budget = {
    all: { maxCodeBytes: 100, maxGrowthBytes: { loaded: 0, code: 10 }, allowNewPackages: ['ocaml*'] },
    targets: { hvt: { maxCodeBytes: 200, maxGrowthBytes: { code: 20 } }, 'a/b': { maxPackages: 3 } },
  };
  it('takes a target key over the same key for all, and says where each limit is set', () => {
    const r = resolveTargetRules(budget, 'hvt', false);
    expect(r.maxCodeBytes).toEqual({ value: 200, where: '/targets/hvt/maxCodeBytes' });
    expect(r.maxGrowthBytes).toEqual({
      loaded: { value: 0, where: '/all/maxGrowthBytes/loaded' },
      code: { value: 20, where: '/targets/hvt/maxGrowthBytes/code' },
    });
    expect(r.allowNewPackages).toEqual({ value: ['ocaml*'], where: '/all/allowNewPackages' });
  });
  it('gives a target without rules of its own the rules for all', () => {
    expect(resolveTargetRules(budget, 'spt', false).maxCodeBytes).toEqual({
      value: 100,
      where: '/all/maxCodeBytes',
    });
  });
  it('escapes a target name in the JSON pointer', () => {
    expect(resolveTargetRules(budget, 'a/b', false).maxPackages).toEqual({
      value: 3,
      where: '/targets/a~1b/maxPackages',
    });
  });
  it('names the default budget instead of a pointer', () => {
    expect(resolveTargetRules(budget, 'hvt', true).maxCodeBytes?.where).toBe('default budget');
  });
});
