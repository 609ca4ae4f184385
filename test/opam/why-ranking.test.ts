/**
 * `tcbscope why` ranks paths runtime, build, then test/doc, on the manifests `tcbscope deps` writes
 * for every real lock file of ../shared/data. Edge kinds are read back from the opam files (and the
 * lock file, for the edges tcbscope infers from it) with regular expressions, independently of the
 * opam parser and formula evaluator under test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { DATA, findOpamFile, listFiles, lockDependsByRegex, sharedData } from './shared-data.js';

const work = mkdtempSync(path.join(tmpdir(), 'tcbscope-why-rank-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...argv: string[]): ReturnType<typeof runCli> {
  return runCli(argv, work);
}

const REPOS = [
  '--opam-repo',
  path.join(DATA, 'opam-repository'),
  '--opam-repo',
  path.join(DATA, 'opam-overlays'),
];

interface Step {
  name: string;
  kind?: string;
  inferred?: true;
}
interface WhyJson {
  paths: { tier: string; path: Step[] }[];
}

// The strongest first, as opam's filters rank them for trust: linked, built with, then the rest.
const STRENGTH = ['runtime', 'optional', 'build', 'post', 'test', 'doc', 'dev'];
const TIER: Record<string, number> = { runtime: 0, optional: 0, build: 1, post: 2, test: 2, doc: 2, dev: 2 };
const TIERS = ['runtime', 'build', 'test-doc'];

/** The text of an opam field's list, `field: [` up to its closing bracket (strings skipped). */
function fieldList(text: string, field: string): string {
  const at = new RegExp(`^\\s*${field}:\\s*\\[`, 'm').exec(text);
  if (!at) return '';
  let depth = 0;
  let inString = false;
  const start = text.indexOf('[', at.index);
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
    else if (!inString && ch === '[') depth++;
    else if (!inString && ch === ']' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** The kind opam's filter words give a dependency: `{with-test}` test, `{build & >= "1"}` build, none runtime. */
function kindOfFilter(filter: string): string {
  const words = filter.replace(/"[^"]*"/g, '');
  if (/\bwith-test\b/.test(words)) return 'test';
  if (/\bwith-doc\b/.test(words)) return 'doc';
  // opam's `dev` variable (a development version) and `with-dev-setup` both leave release builds alone.
  if (/\b(with-dev-setup|dev)\b/.test(words)) return 'dev';
  if (/\bpost\b/.test(words)) return 'post';
  if (/\bbuild\b/.test(words)) return 'build';
  return 'runtime';
}

/** Every kind an opam file's depends (and depopts, as optional) give `dep`, read by regex. */
function declaredKinds(opamText: string, dep: string): string[] {
  const kinds: string[] = [];
  for (const field of ['depends', 'depopts']) {
    const list = fieldList(opamText, field);
    const escaped = dep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of list.matchAll(new RegExp(`"${escaped}"\\s*(\\{[^}]*\\})?`, 'g'))) {
      const kind = kindOfFilter(m[1] ?? '');
      kinds.push(field === 'depopts' && (kind === 'runtime' || kind === 'build') ? 'optional' : kind);
    }
  }
  return kinds;
}

function strongest(kinds: string[]): string | undefined {
  return [...kinds].sort((a, b) => STRENGTH.indexOf(a) - STRENGTH.indexOf(b))[0];
}

/** One lock file with its root opam file, read independently. */
interface LockCase {
  lock: string;
  rootOpam: string;
  root: string;
  locked: Map<string, { version: string; vendor: boolean }>;
  opamProvided: Set<string>;
}

function readCase(lock: string): LockCase {
  const text = readFileSync(lock, 'utf8');
  const root = /^x-opam-monorepo-root-packages: \["([^"]+)"\]/m.exec(text)?.[1] as string;
  const provided = /^x-opam-monorepo-opam-provided: \[([^\]]*)\]/m.exec(text)?.[1] ?? '';
  const rel = path.relative(path.join(DATA, 'lockfiles'), lock);
  return {
    lock,
    rootOpam: path.join(DATA, 'mirage-opam', path.dirname(rel), `${root}.opam`),
    root,
    locked: new Map(lockDependsByRegex(text).map((d) => [d.name, d])),
    opamProvided: new Set([...provided.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string)),
  };
}

/**
 * The kind the metadata gives the edge `from → to`: the root opam file's or the locked package's opam
 * file; for an edge tcbscope inferred from the root, the lock's own word (vendored: compiled in, so
 * runtime; opam-provided or from the switch: build).
 */
function expectedKind(c: LockCase, from: string, to: string, inferred: boolean): string | undefined {
  if (inferred) {
    expect(from, `only root edges are inferred from a lock file: ${from} → ${to}`).toBe(c.root);
    if (c.opamProvided.has(to)) return 'build';
    return c.locked.get(to)?.vendor ? 'runtime' : 'build';
  }
  const entry = c.locked.get(from);
  const file = from === c.root ? c.rootOpam : entry && findOpamFile(from, entry.version)?.file;
  if (file === undefined) return undefined;
  return strongest(declaredKinds(readFileSync(file, 'utf8'), to));
}

const LOCKS = listFiles(path.join(DATA, 'lockfiles')).filter((f) => f.endsWith('.opam.locked'));

describe.skipIf(sharedData.skip)(sharedData.title('tcbscope why ranks paths on real lock files'), () => {
  it('finds the six lock files and a root opam file for each', () => {
    expect(LOCKS).toHaveLength(6);
    for (const lock of LOCKS) expect(existsSync(readCase(lock).rootOpam), lock).toBe(true);
  });

  for (const withRoot of [true, false]) {
    it(`${withRoot ? 'with' : 'without'} --root-opam: tiers in order, each the weakest edge kind the opam files declare`, async () => {
      let checkedPaths = 0;
      let testDocAfterRuntime = 0;
      for (const lock of LOCKS) {
        const c = readCase(lock);
        const out = path.join(work, `${c.root}-${withRoot}.json`);
        const deps = await run(
          'deps',
          '--lock',
          lock,
          ...REPOS,
          ...(withRoot ? ['--root-opam', c.rootOpam] : []),
          '--out',
          out,
        );
        expect(deps.code, deps.stderr).toBe(0);
        for (const pkg of [...c.locked.keys()].sort()) {
          for (const all of [false, true]) {
            const r = await run('why', pkg, out, '--json', ...(all ? ['--all'] : []));
            expect(r.code, r.stderr).toBe(0);
            const { paths } = JSON.parse(r.stdout) as WhyJson;
            const tiers = paths.map((p) => TIERS.indexOf(p.tier));
            expect(tiers, `${c.root}: why ${pkg}`).toEqual([...tiers].sort((a, b) => a - b));
            for (const p of paths) {
              let weakest = 0;
              for (let i = 1; i < p.path.length; i++) {
                const from = p.path[i - 1]?.name as string;
                const step = p.path[i] as Step;
                const kind = expectedKind(c, from, step.name, step.inferred === true);
                // A package whose version has no opam file here (a ~dev pin) declares nothing to check.
                if (kind === undefined) continue;
                expect(step.kind, `${c.root}: ${from} → ${step.name}`).toBe(kind);
                weakest = Math.max(weakest, TIER[kind] ?? 2);
              }
              const unknown = p.path.some(
                (s, i) =>
                  i > 0 &&
                  expectedKind(c, p.path[i - 1]?.name as string, s.name, s.inferred === true) === undefined,
              );
              if (!unknown) expect(p.tier, `${c.root}: ${JSON.stringify(p.path)}`).toBe(TIERS[weakest]);
              checkedPaths++;
            }
            if (paths[0]?.tier === 'runtime' && paths.some((p) => p.tier === 'test-doc'))
              testDocAfterRuntime++;
          }
        }
      }
      expect(checkedPaths).toBeGreaterThan(500);
      // The ranking matters: packages that are both linked and reached by a test-only path exist.
      expect(testDocAfterRuntime).toBeGreaterThan(0);
    });
  }

  it('hello-unix: why lwt lists the runtime path through mirage-unix before the with-test one through mirage-logs', async () => {
    const c = readCase(LOCKS.find((l) => l.includes('hannesm__dune-variant/hello-unix')) as string);
    const out = path.join(work, 'hello-unix-lock-only.json');
    expect((await run('deps', '--lock', c.lock, ...REPOS, '--out', out)).code).toBe(0);
    const logs = findOpamFile('mirage-logs', c.locked.get('mirage-logs')?.version as string)?.file as string;
    const unix = findOpamFile('mirage-unix', c.locked.get('mirage-unix')?.version as string)?.file as string;
    expect(declaredKinds(readFileSync(logs, 'utf8'), 'lwt')).toEqual(['test']);
    expect(declaredKinds(readFileSync(unix, 'utf8'), 'lwt')).toEqual(['runtime']);
    const { paths } = JSON.parse((await run('why', 'lwt', out, '--json')).stdout) as WhyJson;
    const shown = paths.map((p) => `${p.tier}: ${p.path.map((s) => s.name).join(' ')}`);
    expect(shown.indexOf('runtime: hello-unix mirage-unix lwt')).toBe(0);
    expect(shown.indexOf('test-doc: hello-unix mirage-logs lwt')).toBeGreaterThan(0);
    // Without the root opam file, the root's edges are tcbscope's guess from the lock: marked.
    expect(paths[0]?.path[1]).toEqual({ name: 'mirage-unix', kind: 'runtime', inferred: true });
    const text = (await run('why', 'lwt', out)).stdout.split('\n');
    expect(text[0]).toBe('runtime  hello-unix → mirage-unix (runtime, inferred) → lwt (runtime)');
    expect(text).toContain('test/doc hello-unix → mirage-logs (runtime, inferred) → lwt (test)');
  });
});
