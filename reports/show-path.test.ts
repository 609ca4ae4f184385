import { describe, expect, it } from 'vitest';
import { showPath } from './show-path.js';

// Truth: what node:path's relative() gives for paths inside the folder, and the path itself outside.
describe('showPath', () => {
  it.each([
    ['/work/p', '/work/p/out/copy/unix.json', 'out/copy/unix.json'],
    ['/work/p/', '/work/p/out/unix.log', 'out/unix.log'],
    ['/work/p', '/work/project/out/unix.json', '/work/project/out/unix.json'],
    ['/work/p', '/elsewhere/unix.json', '/elsewhere/unix.json'],
    ['/work/p', '/work/p', '/work/p'],
    [undefined, '/work/p/out/unix.json', '/work/p/out/unix.json'],
  ])('in %s, %s shows as %s', (cwd, path, shown) => expect(showPath(cwd, path)).toBe(shown));
});
