import { describe, expect, it } from 'vitest';
import { sourceLanguage } from './source-language.js';

describe('sourceLanguage', () => {
  it.each([
    ['list.ml', 'OCaml'],
    ['sys.ml.in', 'OCaml'],
    ['/src/lexer.mll', 'OCaml'],
    ['runtime/alloc.c', 'C'],
    ['hvt/console.c', 'C'],
    ['cpu_vectors_x86_64.S', 'assembly'],
    ['/tmp/camlasm1234.s', 'assembly'],
    ['<artificial>', undefined],
    ['Makefile', undefined],
  ])('%s → %s', (name, language) => {
    expect(sourceLanguage(name)).toBe(language);
  });
});
