import { describe, expect, it } from 'vitest';
import { isPseudoPackage } from './is-pseudo-package.js';

describe('isPseudoPackage', () => {
  it.each([
    // The names the attribution writes for bytes no package put there (docs/design-notes.md, 1).
    ['[ELF structure]', true],
    ['[not loaded]', true],
    ['[linker]', true],
    ['[unattributed]', true],
    ['unknown', true],
    // Real package names, including ones that merely contain the words.
    ['ocaml', false],
    ['libc6', false],
    ['unknown-pkg', false],
    ['mirage-unknown', false],
    ['Unknown', false],
    ['a[b]', false],
  ])('%s → %s', (name, expected) => {
    expect(isPseudoPackage(name)).toBe(expected);
  });
});
