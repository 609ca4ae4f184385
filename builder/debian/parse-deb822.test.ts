import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { getField, parseDeb822 } from './parse-deb822.js';

describe('parseDeb822', () => {
  it('splits paragraphs, joins continuation lines and skips comments', () => {
    const text = '# comment\nPackage: a\nDescription: short\n long line\n .\n\n\nPackage: b\nversion: 1\n';
    const ps = parseDeb822(text);
    expect(ps.map((p) => p.line)).toEqual([2, 8]);
    expect(ps[0]?.fields.Description).toBe('short\nlong line\n.');
    expect(getField(ps[1]!, 'Version')).toBe('1');
  });

  it.each([
    ['a continuation line first', ' oops\n', 1],
    ['a line without a colon', 'Package: a\nnonsense\n', 2],
    ['a repeated field', 'Package: a\nPackage: b\n', 2],
  ])('rejects %s with DEB_BAD and the line', (_what, text, line) => {
    try {
      parseDeb822(text, 'x/control');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('DEB_BAD');
      expect((error as UserError).location).toMatchObject({ file: 'x/control', line });
      expect((error as UserError).message).toContain(`line ${line}`);
    }
  });
});
