import { describe, expect, it } from 'vitest';
import { visibleLine, visibleStrings, visibleText } from './visible-text.js';

// Expected forms are the characters' code points, written out by the test from the Unicode
// names it uses, not read back from the function.
describe('visibleText', () => {
  it('shows terminal escapes (OSC title, clear screen) as \\x1b instead of sending them', () => {
    const name = 'img\u001b]0;TITLE\u0007\u001b[2J';
    expect(visibleText(name)).toBe('img\\x1b]0;TITLE\\x07\\x1b[2J');
    expect([...visibleText(name)].every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
  });
  it('shows bidi overrides and isolates, zero-width characters and the BOM', () => {
    expect(visibleText('a\u202Eexe.txt')).toBe('a\\u202eexe.txt');
    expect(visibleText('\u2066x\u2069')).toBe('\\u2066x\\u2069');
    expect(visibleText('a\u200Bb\uFEFF')).toBe('a\\u200bb\\ufeff');
  });
  it('shows NUL, DEL and C1 controls', () => {
    expect(visibleText('a\u0000b\u007fc\u009bd')).toBe('a\\x00b\\x7fc\\x9bd');
  });
  it('shows lone surrogates (what invalid UTF-16 decodes to) but keeps real pairs', () => {
    expect(visibleText('x\ud800y')).toBe('x\\ud800y');
    expect(visibleText('x\udc00')).toBe('x\\udc00');
    expect(visibleText('\u{1F600}')).toBe('\u{1F600}');
  });
  it('keeps tabs, line feeds and ordinary text, accents and CJK included', () => {
    const plain = 'libc6 2.36-9+deb12u7\tcamlinternalFormat.ml\nÜbersicht 日本';
    expect(visibleText(plain)).toBe(plain);
  });
  it('visibleLine also shows line breaks, for one-line contexts', () => {
    expect(visibleLine('a\nb\tc\u001b')).toBe('a\\nb\\tc\\x1b');
  });
});

describe('visibleStrings', () => {
  it('makes every string one visible line, deep, and keeps untouched parts by identity', () => {
    const clean = { name: 'libc6', sizes: [1, 2, 3] };
    const input = { packages: [clean, { name: 'evil\n\n# safe to merge', version: '1\u001b[2J' }] };
    const out = visibleStrings(input);
    expect(out.packages[1]).toEqual({ name: 'evil\\n\\n# safe to merge', version: '1\\x1b[2J' });
    expect(out.packages[0]).toBe(clean);
    expect(input.packages[1]?.name).toBe('evil\n\n# safe to merge'); // the input is not changed
  });
  it('returns a clean value itself', () => {
    const manifest = { a: ['x', 'y'], b: { c: 'z' }, n: 3, t: new Uint32Array(2) };
    expect(visibleStrings(manifest)).toBe(manifest);
  });
});
