import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { readPackagesIndex } from './read-packages-index.js';
import { buildDebIndex, resolveClosure } from './resolve-closure.js';

// A tiny index in Debian's own format; the rules under test are apt's (first satisfiable
// alternative, Provides, versions), so the expectations follow from the text directly.
const INDEX = `Package: web
Version: 1.0
Architecture: amd64
Pre-Depends: init-system-helpers (>= 1.5)
Depends: libssl3 (>= 3.0), mail-transport-agent | exim4, libz (>= 1:1.2)

Package: libssl3
Version: 3.0.1-1
Architecture: amd64

Package: libssl3
Version: 3.0.9-1
Architecture: amd64

Package: init-system-helpers
Version: 1.6
Architecture: all

Package: postfix
Version: 3.7
Architecture: amd64
Provides: mail-transport-agent

Package: exim4
Version: 4.96
Architecture: all

Package: libz
Version: 1:1.2.13
Architecture: amd64

Package: other-arch
Version: 1
Architecture: i386
`;

describe('resolveClosure', () => {
  const index = buildDebIndex(readPackagesIndex(INDEX, 'Packages'));

  it('takes the highest version, a provider for a virtual name, and records edge kinds', () => {
    const closure = resolveClosure(index, ['web']);
    expect(closure.packages.map((p) => `${p.package}=${p.version}`)).toEqual([
      'init-system-helpers=1.6',
      'libssl3=3.0.9-1',
      'libz=1:1.2.13',
      'postfix=3.7',
      'web=1.0',
    ]);
    expect(closure.edges.find((e) => e.to === 'init-system-helpers')?.kind).toBe('pre-depends');
    expect(closure.edges.find((e) => e.to === 'postfix')?.constraint).toBe('mail-transport-agent');
  });

  it('prefers an alternative already chosen', () => {
    const closure = resolveClosure(index, ['exim4', 'web']);
    expect(closure.packages.map((p) => p.package)).not.toContain('postfix');
  });

  it('drops other architectures', () => {
    expect(() => resolveClosure(index, ['other-arch'])).toThrow(/DEB_MISSING/);
  });

  it.each([
    [
      'a missing root',
      'Package: a\nVersion: 1\nArchitecture: all\n',
      ['zzz'],
      'DEB_MISSING',
      /root package "zzz"/,
    ],
    [
      'a missing dependency',
      'Package: a\nVersion: 1\nArchitecture: all\nDepends: nope | nada\n',
      ['a'],
      'DEB_MISSING',
      /a 1 Depends "nope \| nada"/,
    ],
    [
      'an unsatisfiable version',
      'Package: a\nVersion: 1\nArchitecture: all\nDepends: b (>> 2)\n\nPackage: b\nVersion: 2\nArchitecture: all\n',
      ['a'],
      'DEB_UNSATISFIABLE',
      /a 1 Depends "b \(>> 2\)"/,
    ],
  ])('%s throws %s naming the package and relation', (_what, text, roots, code, message) => {
    try {
      resolveClosure(buildDebIndex(readPackagesIndex(text as string)), roots as string[]);
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).code).toBe(code);
      expect((error as UserError).message).toMatch(message as RegExp);
    }
  });
});
