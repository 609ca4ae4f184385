/**
 * The skip-or-fail rule: a missing thing CI provides fails under CI=true and skips elsewhere; a
 * missing external thing always skips; the package list maps the tools the tests look for.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtFile, check, external, readTestPackages, tool, type Need } from './test-needs.js';

const provided: Need = { ok: false, missing: 'gcc missing', provided: true };
const outside: Need = { ok: false, missing: 'no kernel .deb', provided: false };
const present: Need = { ok: true, missing: 'unused', provided: true };
const savedCi = process.env.CI;
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

describe('check', () => {
  it.each([
    ['nothing missing', undefined, [present], { skip: false, reason: '' }],
    ['nothing missing, CI', 'true', [present], { skip: false, reason: '' }],
    [
      'a provided tool missing, not CI',
      undefined,
      [present, provided],
      { skip: true, reason: 'gcc missing' },
    ],
    ['an external thing missing, CI', 'true', [outside], { skip: true, reason: 'no kernel .deb' }],
    [
      'both missing, CI: it could not run anyway',
      'true',
      [provided, outside],
      { skip: true, reason: 'gcc missing; no kernel .deb' },
    ],
  ] as const)('%s', (_name, ci, needs, expected) => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    const a = check(...needs);
    expect({ skip: a.skip, reason: a.reason }).toEqual(expected);
    expect(a.title('t')).toBe(expected.skip ? `t (SKIPPED: ${expected.reason})` : 't');
  });

  it('fails under CI=true when what is missing is all provided by CI', () => {
    process.env.CI = 'true';
    expect(() => check(present, provided)).toThrow(/^CI=true: gcc missing\. CI installs and builds these/);
  });
});

describe('needs', () => {
  it('tool: a listed command found on PATH, as sh finds it', () => {
    const found = execFileSync('sh', ['-c', 'command -v readelf'], { encoding: 'utf8' }).trim() !== '';
    expect(tool('readelf')).toMatchObject({ ok: found, provided: true });
  });

  it('tool: an unlisted, absent command is not provided by CI and says so', () => {
    expect(tool('tcbscope-no-such-tool')).toEqual({
      ok: false,
      provided: false,
      missing: 'tcbscope-no-such-tool missing (not in scripts/test-packages.txt)',
    });
  });

  it('builtFile and external', () => {
    expect(builtFile('/nonexistent/x', 'npm run build')).toEqual({
      ok: false,
      provided: true,
      missing: '/nonexistent/x not built (npm run build)',
    });
    expect(external(true, 'm')).toEqual({ ok: true, provided: false, missing: 'm' });
  });

  it('reads every package line of scripts/test-packages.txt, as the install script does', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../scripts/test-packages.txt'), 'utf8');
    const lines = text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    const owners = readTestPackages();
    expect(owners.get('aarch64-linux-gnu-gcc')).toBe('gcc-aarch64-linux-gnu');
    expect(owners.get('js_of_ocaml')).toBe('js-of-ocaml');
    expect(owners.get('/usr/bin/chromium')).toBe('chromium');
    for (const line of lines) {
      const [pkg, ...provides] = line.split(/\s+/);
      for (const p of provides) expect(owners.get(p), p).toBe(pkg);
    }
  });
});
