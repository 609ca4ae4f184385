import { describe, expect, it } from 'vitest';
import { markdownCell, markdownCode, markdownInlineCode, markdownRow } from './markdown-text.js';

// Expected strings follow the GFM spec: "\|" keeps a pipe inside a cell (also inside code spans,
// section 4.10), a backslash before punctuation escapes it (6.1), a code span ends at the next
// backtick (6.3), and "<" followed by a letter may open raw HTML (6.6).
describe('markdownCell', () => {
  it.each([
    ['plain-name', 'plain-name'],
    ['a|b', 'a\\|b'],
    ['C:\\path', 'C:\\\\path'],
    ['libssl*', 'libssl\\*'],
    ['`tick`', "'tick'"],
    ['<img src=x>', '&lt;img src=x>'],
    ['AT&T', 'AT&amp;T'],
  ])('%j → %j', (text, cell) => expect(markdownCell(text)).toBe(cell));
});

describe('markdownCode', () => {
  it.each([
    ['solo5', '`solo5`'],
    ['a|b', '`a\\|b`'],
    ['a`b', "`a'b`"],
    ['<b>', '`<b>`'],
  ])('%j → %j', (text, code) => expect(markdownCode(text)).toBe(code));
});

describe('markdownInlineCode (outside tables, where \\| would show its backslash)', () => {
  it.each([
    ['a|b', '`a|b`'],
    ['a`b', "`a'b`"],
  ])('%j → %j', (text, code) => expect(markdownInlineCode(text)).toBe(code));
});

describe('markdownRow', () => {
  it('joins cells with pipes, one space either side', () => {
    expect(markdownRow(['a', '', '1,024'])).toBe('| a |  | 1,024 |');
  });
});
