/** `tcbscope deps` and `tcbscope why` through main(io), on the real lock files of ../shared/data. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA, type Manifest } from '../../analyzer/model/manifest.js';
import { runCli } from '../cli/run-cli.js';
import {
  DATA,
  findOpamFile,
  sharedData,
  listFiles,
  lockDependsByRegex,
  mentionedDependencies,
} from './shared-data.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-opam-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...argv: string[]): ReturnType<typeof runCli> {
  return runCli(argv, work);
}

const LOCK = path.join(DATA, 'lockfiles/hannesm__dune-mirage-broken/hello-hvt.opam.locked');
const ROOT_OPAM = path.join(DATA, 'mirage-opam/hannesm__dune-mirage-broken/hello-hvt.opam');
const REPOS = [
  '--opam-repo',
  path.join(DATA, 'opam-repository'),
  '--opam-repo',
  path.join(DATA, 'opam-overlays'),
];

describe.skipIf(sharedData.skip)(sharedData.title('tcbscope deps / why on real opam metadata'), () => {
  it('deps writes a metadata manifest atomically and prints the counts', async () => {
    const out = path.join(work, 'out', 'hello-hvt.json');
    const r = await run('deps', '--lock', LOCK, ...REPOS, '--root-opam', ROOT_OPAM, '--out', out);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(out, 'utf8')) as Manifest;
    expect(readdirSync(path.dirname(out))).toEqual(['hello-hvt.json']);
    const raw = lockDependsByRegex(readFileSync(LOCK, 'utf8'));
    expect(manifest).toMatchObject({
      schema: MANIFEST_SCHEMA,
      kind: 'image',
      identity: { name: 'hello-hvt', target: 'hvt', fileSize: 0 },
      regions: [],
    });
    expect(manifest.dependencies.packages).toHaveLength(raw.length + 1);
    expect(r.stdout).toContain(
      `packages:   ${raw.length + 1} (vendored ${raw.filter((d) => d.vendor).length}, from the switch ${raw.filter((d) => !d.vendor).length},`,
    );
    const json = await run('deps', '--lock', LOCK, ...REPOS, '--root-opam', ROOT_OPAM, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'hello-hvt',
      packages: raw.length + 1,
      vendored: raw.filter((d) => d.vendor).length,
      unresolved: [],
    });
  });

  it('why prints a transitive path whose every edge is declared in the opam files', async () => {
    const out = path.join(work, 'why.json');
    expect((await run('deps', '--lock', LOCK, ...REPOS, '--root-opam', ROOT_OPAM, '--out', out)).code).toBe(
      0,
    );
    // solo5's own runtime library comes in through mirage-solo5, which the root opam file does not name.
    const rootDeps = mentionedDependencies(readFileSync(ROOT_OPAM, 'utf8'));
    const locked = lockDependsByRegex(readFileSync(LOCK, 'utf8'));
    const target =
      locked.find((d) => d.vendor && !rootDeps.has(d.name) && d.name === 'bheap') ??
      locked.find((d) => d.vendor && !rootDeps.has(d.name));
    expect(target).toBeDefined();
    const r = await run('why', target?.name as string, out);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      // Each line is led by its tier (runtime, build, test/doc): the path follows.
      const steps = line.replace(/^(runtime|build|test\/doc) +/, '').split(' → ');
      expect(steps[0]).toBe('hello-hvt');
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps[steps.length - 1]).toMatch(new RegExp(`^${target?.name} \\(`));
      for (let i = 1; i < steps.length; i++) {
        const from = (steps[i - 1] as string).replace(/ \(.*\)$/, '');
        const to = (steps[i] as string).replace(/ \(.*\)$/, '');
        const fromEntry = locked.find((d) => d.name === from);
        const source =
          from === 'hello-hvt'
            ? ROOT_OPAM
            : fromEntry && findOpamFile(fromEntry.name, fromEntry.version)?.file;
        expect(
          source !== undefined && mentionedDependencies(readFileSync(source, 'utf8')).has(to),
          `${from} → ${to}`,
        ).toBe(true);
      }
    }
    const all = await run('why', target?.name as string, out, '--all', '--json');
    expect(JSON.parse(all.stdout).paths.length).toBeGreaterThanOrEqual(lines.length);
  });

  it('why: unknown package → PKG_NOT_FOUND, bad manifest → MANIFEST_BAD naming file and key, exit 2', async () => {
    const out = path.join(work, 'why.json');
    const nf = await run('why', 'no-such-package', out);
    expect([nf.code, nf.stderr]).toEqual([2, expect.stringContaining('PKG_NOT_FOUND')]);
    const bad = path.join(work, 'bad.json');
    // why reads manifests as every command does: the deps manifest with one edge kind spoiled.
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    doc.dependencies.edges[0].kind = 'sideways';
    writeFileSync(bad, JSON.stringify(doc));
    const r = await run('why', 'a', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MANIFEST_BAD');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('/dependencies/edges/0/kind');
    expect((await run('why', 'a', bad, '--bogus')).code).toBe(2);
  });

  it('deps: malformed opam file → OPAM_SYNTAX with file, line and column; nothing written', async () => {
    const broken = path.join(work, 'broken.opam.locked');
    writeFileSync(broken, readFileSync(LOCK, 'utf8').replace(/^( {2}"[^"]+)" \{/m, '$1 {'));
    expect(readFileSync(broken, 'utf8')).not.toBe(readFileSync(LOCK, 'utf8'));
    const out = path.join(work, 'never.json');
    const r = await run('deps', '--lock', broken, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.opam\.locked: opam syntax error: .*line \d+, column \d+/);
    expect(r.stderr).toContain('OPAM_SYNTAX');
    expect(existsSync(out)).toBe(false);
    expect((await run('deps', ...REPOS)).code).toBe(2);
  });

  it('deps reads every lock file and switch export in the data set', async () => {
    for (const lock of listFiles(path.join(DATA, 'lockfiles')))
      expect((await run('deps', '--lock', lock, ...REPOS, '--json')).code).toBe(0);
    for (const ex of listFiles(path.join(DATA, 'switch-exports'))) {
      const r = await run('deps', '--switch-export', ex, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).packages).toBeGreaterThan(50);
    }
  });
});
