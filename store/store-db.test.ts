import { describe, expect, it } from 'vitest';
import { hidePassword, isPostgresUrl } from './store-db.js';

describe('isPostgresUrl', () => {
  it.each([
    ['postgres://h/db', true],
    ['postgresql://u@h:5432/db', true],
    ['POSTGRES://h/db', true],
    ['.tcbscope/tcbscope.db', false],
    [':memory:', false],
    ['./postgres://odd-file-name', false],
  ])('%s → %s', (spec, expected) => expect(isPostgresUrl(spec)).toBe(expected));
});

describe('hidePassword', () => {
  it.each([
    ['postgres://ci:s3cret@db.example:5432/tcbscope', 'postgres://ci:***@db.example:5432/tcbscope'],
    ['postgresql://ci@db/tcbscope', 'postgresql://ci@db/tcbscope'],
    [
      'postgres://db/tcbscope?user=ci&password=s3cret&sslmode=require',
      'postgres://db/tcbscope?user=ci&password=***&sslmode=require',
    ],
    ['postgres://db/tcbscope', 'postgres://db/tcbscope'],
  ])('%s → %s', (url, shown) => expect(hidePassword(url)).toBe(shown));
});
