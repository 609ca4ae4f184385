import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { check } from '../support/test-needs.js';
import { DEB_CACHE, DEBIAN_TOOLS, REPO_ROOT, run } from './deb-cache.js';
import { profileDebNeeds } from './profile-debs.js';

const NGINX = join(REPO_ROOT, 'stacks/debian-12-amd64/https-nginx.json');
const manifest = validateManifest(JSON.parse(readFileSync(NGINX, 'utf8')), NGINX);
const kernel = manifest.stack?.kernel;
if (!kernel) throw new Error(`${NGINX}: the profile names no kernel`);
const deb = existsSync(DEB_CACHE)
  ? readdirSync(DEB_CACHE).find((f) => f.startsWith(`${kernel.package}_`))
  : undefined;
// The test setup fetches the profile's pinned kernel .deb (scripts/fetch-stack-debs.mjs): under
// CI=true a missing one fails here rather than skipping.
const available = check(...DEBIAN_TOOLS, ...profileDebNeeds(manifest, [kernel.package]).needs);
const work = mkdtempSync(join(tmpdir(), 'tcbscope-modules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(available.skip)(available.title("the HTTPS profile's kernel modules"), () => {
  it("are the listed modules plus their depends= closure as readelf reads .modinfo, with readelf's sizes", () => {
    execSync(
      `dpkg-deb --fsys-tarfile '${join(DEB_CACHE, deb!)}' | tar -x -C '${work}' --wildcards './lib/modules/*.ko'`,
    );
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ko')) files.set(e.name.slice(0, -3).replace(/-/g, '_'), join(dir, e.name));
      }
    };
    walk(join(work, 'lib/modules'));
    // The roots are the names that no other selected module depends on.
    const dependsOf = (name: string): string[] => {
      const text = run('readelf', ['-p', '.modinfo', files.get(name)!]);
      return (/depends=([^\n]*)/.exec(text)?.[1] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map((d) => d.replace(/-/g, '_'));
    };
    const selected = kernel.modules.names;
    const roots = selected.filter((n) => !selected.some((m) => dependsOf(m).includes(n)));
    const closure = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const n = queue.shift()!;
      if (closure.has(n)) continue;
      closure.add(n);
      queue.push(...dependsOf(n));
    }
    expect([...closure].sort()).toEqual([...selected].sort());
    const total = selected.reduce((a, n) => a + readFileSync(files.get(n)!).length, 0);
    expect(kernel.modules.fileSize).toBe(total);
  });
});
