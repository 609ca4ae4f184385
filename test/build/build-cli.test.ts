/**
 * `tcbscope build` on the fixture project (fixtures/project): both targets built once, then the
 * manifests checked against what the build linked, as binutils' map, dpkg and ocamlfind tell it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { validateManifest } from '../../analyzer/validate-manifest.js';
import { main } from '../../cli/main.js';
import { awkLicence } from '../support/copyright-truth.js';
import { checkTools } from '../support/test-needs.js';

const repo = resolve(import.meta.dirname, '../..');
const project = join(repo, 'fixtures/project');
const PACKAGES = ['lwt.unix', 'cohttp-lwt-unix', 'mirage-crypto', 'x509'];
const PREDICATES = 'native,mt,mt_posix';

/** Runs `tcbscope ARGS` in-process with the real environment (the build command needs PATH). */
export async function runTcbscope(
  args: string[],
  cwd = repo,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: args,
    env: { ...process.env },
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** `dpkg -S` on many paths at once: path → owning packages (one call; dpkg reads its database per call). */
function dpkgOwners(paths: string[]): Map<string, string[]> {
  let out = '';
  try {
    out = execFileSync('dpkg', ['-S', ...paths], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 26,
    });
  } catch (error) {
    out = (error as { stdout?: string }).stdout ?? ''; // exit 1 when some path has no owner
  }
  const owners = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const cut = line.indexOf(': ');
    if (cut < 0 || line.startsWith('diversion')) continue;
    owners.set(
      line.slice(cut + 2),
      line
        .slice(0, cut)
        .split(', ')
        .map((p) => p.replace(/:[a-z0-9]+$/, '')),
    );
  }
  return owners;
}

const tools = checkTools('ocamlfind', 'ocamlopt', 'js_of_ocaml', 'dpkg');

describe.skipIf(tools.skip)(tools.title('tcbscope build on fixtures/project'), () => {
  let out: string;
  let run: { code: number; stdout: string; stderr: string };
  let unix: Manifest;
  let js: Manifest;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'tcbscope-build-'));
    run = await runTcbscope([
      'build',
      '--config',
      join(project, 'tcbscope.config.json'),
      '--out-dir',
      out,
      '--json',
    ]);
    const read = (t: string): Manifest =>
      JSON.parse(readFileSync(join(out, 'ocaml-https', `${t}.json`), 'utf8')) as Manifest;
    if (run.code === 0) [unix, js] = [read('unix'), read('js')];
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds both targets, exits 0 and prints one JSON summary', () => {
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      ok: boolean;
      targets: { target: string; status: string; manifest: string; fileSize: number }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.targets.map((t) => [t.target, t.status, t.manifest])).toEqual([
      ['unix', 'ok', join(out, 'ocaml-https', 'unix.json')],
      ['js', 'ok', join(out, 'ocaml-https', 'js.json')],
    ]);
    expect(summary.targets[0]?.fileSize).toBe(
      Number(
        execFileSync('stat', ['-c', '%s', join(project, 'build/unix/ocaml-https')], { encoding: 'utf8' }),
      ),
    );
    expect(readFileSync(join(out, 'ocaml-https', 'unix.log'), 'utf8')).toContain('ocamlfind ocamlopt');
    validateManifest(unix, 'unix.json');
    validateManifest(js, 'js.json');
    expect([unix.identity.target, js.identity.target]).toEqual(['unix', 'js']);
  });

  it('attributes the unix image to the Debian packages whose archives the linker used (map → dpkg -S)', () => {
    const map = readFileSync(join(project, 'build/unix/ocaml-https.map'), 'utf8');
    const inputs = new Set(
      [...map.matchAll(/(\/[^\s()]+\.a)\(/g), ...map.matchAll(/\s(\/[^\s()]+\.o)$/gm)].map((m) =>
        normalize(m[1] as string),
      ),
    );
    const owners = dpkgOwners([...inputs]);
    const linked = new Set([...owners.values()].flat());
    const attributed = unix.attribution.packages
      .filter(
        (p) => !p.name.startsWith('[') && p.name !== 'unknown' && p.name !== 'ocaml-https' && p.fileSize > 0,
      )
      .map((p) => p.name);
    expect(attributed.sort()).toEqual([...linked].sort());
  });

  it('joins bytes and graph: graph packages with bytes are exactly the attribution packages, same sizes', () => {
    for (const m of [unix, js]) {
      const real = m.attribution.packages.filter(
        (p) => !p.name.startsWith('[') && p.name !== 'unknown' && p.fileSize > 0,
      );
      const withBytes = m.dependencies.packages.filter((p) => p.fileSize > 0);
      expect(Object.fromEntries(withBytes.map((p) => [p.name, p.fileSize]))).toEqual(
        Object.fromEntries(real.map((p) => [p.name, p.fileSize])),
      );
      expect(withBytes.every((p) => !p.buildOnly)).toBe(true);
    }
  });

  it("records each Debian package's licence as its installed copyright file states it (truth: awk)", () => {
    const debian = unix.dependencies.packages.filter((p) => p.origin === 'findlib+dpkg');
    expect(debian.filter((p) => p.licence !== undefined).length).toBeGreaterThan(debian.length / 2);
    for (const p of debian) {
      const file = join('/usr/share/doc', p.name, 'copyright');
      expect([p.name, p.licence ?? '']).toEqual([p.name, existsSync(file) ? awkLicence(file) : '']);
    }
  });

  it('maps the findlib closure (ocamlfind query -r) to the Debian packages of its archives (dpkg -S)', () => {
    const lines = execFileSync(
      'ocamlfind',
      ['query', '-r', '-predicates', PREDICATES, '-format', '%p|%d|%a', ...PACKAGES],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    const archives = lines.flatMap((l) => {
      const [, dir, files] = l.split('|');
      return (files ?? '')
        .split(/\s+/)
        .filter((f) => f.length > 0)
        .map((f) => resolve(dir ?? '', f));
    });
    const archiveOwners = new Set([...dpkgOwners(archives).values()].flat());
    const graph = new Map(unix.dependencies.packages.map((p) => [p.name, p]));
    for (const owner of archiveOwners) {
      expect(graph.get(owner)?.origin, owner).toBe('findlib+dpkg');
      expect(graph.get(owner)?.buildOnly, owner).toBe(false);
    }
    // Versions come from dpkg.
    const versions = new Map(
      execFileSync('dpkg-query', ['-W', '-f', '${Package} ${Version}\\n', ...archiveOwners], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string]),
    );
    for (const owner of archiveOwners) expect(graph.get(owner)?.version, owner).toBe(versions.get(owner));
    // The tools the config names are build dependencies only when nothing links them.
    const findlibTool = [...dpkgOwners(['/usr/bin/ocamlfind']).values()].flat()[0] as string;
    expect(graph.get(findlibTool)?.buildOnly).toBe(true);
    expect(unix.dependencies.edges).toContainEqual({ from: 'ocaml-https', to: findlibTool, kind: 'build' });
  });

  it('marks the edges it added for packages with bytes but no metadata as inferred, and why says so', async () => {
    // The join adds these (origin "attribution") under the root; the findlib/dpkg edges are read.
    const added = new Set(
      unix.dependencies.packages.filter((p) => p.origin === 'attribution').map((p) => p.name),
    );
    for (const e of unix.dependencies.edges)
      expect([e.to, e.inferred === true]).toEqual([e.to, added.has(e.to)]);
    for (const name of added) {
      const why = await runTcbscope(['why', name, join(out, 'ocaml-https', 'unix.json')]);
      expect(why.stdout).toContain(`ocaml-https → ${name} (runtime, inferred)`);
      expect(why.stdout).toContain('inferred: an edge tcbscope added itself');
    }
  });

  it('answers `tcbscope why` for a package reached through cohttp-lwt-unix, every edge backed by META requires', async () => {
    // magic-mime is required by cohttp-lwt-unix and by nothing the program names directly.
    const [target] = [
      ...dpkgOwners([
        execFileSync('ocamlfind', ['query', '-predicates', PREDICATES, '-format', '%d/%a', 'magic-mime'], {
          encoding: 'utf8',
        }).trim(),
      ]).values(),
    ].flat();
    const why = await runTcbscope(['why', target as string, join(out, 'ocaml-https', 'unix.json'), '--json']);
    expect(why.code, why.stderr).toBe(0);
    const listed = (
      JSON.parse(why.stdout) as { paths: { path: { name: string; kind?: string; inferred?: true }[] }[] }
    ).paths;
    const paths = listed.map((p) => p.path.map((s) => s.name));
    expect(paths.length).toBeGreaterThan(0);
    // Independent edge truth: findlib package → requires (ocamlfind), each side mapped to its archives' Debian package.
    // `requires` values may span lines in a META file: end each record with a marker instead.
    const rows = execFileSync(
      'ocamlfind',
      ['query', '-r', '-predicates', PREDICATES, '-format', '%p|%d|%a|%(requires)@@', ...PACKAGES],
      { encoding: 'utf8' },
    )
      .split('@@\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => l.split('|'));
    const debOf = new Map<string, string[]>();
    const owners = dpkgOwners(
      rows.flatMap(([, d, a]) =>
        (a ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((f) => resolve(d ?? '', f)),
      ),
    );
    for (const [p, d, a] of rows)
      debOf.set(
        p ?? '',
        (a ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .flatMap((f) => owners.get(resolve(d ?? '', f)) ?? []),
      );
    const debEdges = new Set<string>();
    for (const [p, , , req] of rows)
      for (const r of (req ?? '').split(/[\s,]+/).filter(Boolean))
        for (const a of debOf.get(p ?? '') ?? [])
          for (const b of debOf.get(r) ?? []) debEdges.add(`${a}>${b}`);
    const named = new Set(PACKAGES.flatMap((p) => debOf.get(p) ?? []));
    for (const steps of paths) {
      const line = steps.join(' → ');
      expect(steps[0]).toBe('ocaml-https');
      expect(steps[steps.length - 1]).toBe(target);
      expect(named.has(steps[1] as string), line).toBe(true);
      for (let i = 1; i + 1 < steps.length; i++)
        expect(debEdges.has(`${steps[i]}>${steps[i + 1]}`), `${steps[i]} → ${steps[i + 1]} in ${line}`).toBe(
          true,
        );
    }
    // Every edge of these paths comes from META requires: runtime, and none inferred by tcbscope.
    for (const { path: steps } of listed)
      expect(steps.slice(1).map((s) => [s.kind, s.inferred ?? false])).toEqual(
        steps.slice(1).map(() => ['runtime', false]),
      );
  });

  it('records provenance: the command, the tool versions and every input hash', () => {
    const p = unix.provenance;
    expect(p.command).toEqual(['bash', 'build-unix.sh']);
    expect(p.environment['tool.ocamlopt']).toBe(
      execFileSync('ocamlfind', ['ocamlopt', '-version'], { encoding: 'utf8' }).trim(),
    );
    const config = p.inputs.find((i) => i.role === 'config');
    expect(config?.sha256).toBe(
      execFileSync('sha256sum', [join(project, 'tcbscope.config.json')], { encoding: 'utf8' }).split(' ')[0],
    );
    const image = p.inputs.find((i) => i.role === 'image');
    expect(image?.sha256).toBe(
      execFileSync('sha256sum', [join(project, 'build/unix/ocaml-https')], { encoding: 'utf8' }).split(
        ' ',
      )[0],
    );
    expect(p.inputs.some((i) => i.role === 'findlib-meta' && i.path.endsWith('/cohttp-lwt-unix/META'))).toBe(
      true,
    );
  });

  it('maps the js bundle through its source map to the Debian packages of its sources (dpkg -S)', () => {
    const sources = (
      JSON.parse(readFileSync(join(project, 'build/js/main.map'), 'utf8')) as { sources: string[] }
    ).sources.filter((s) => s.startsWith('/usr/'));
    const owners = new Set([...dpkgOwners(sources).values()].flat());
    const debianWithBytes = js.dependencies.packages
      .filter((p) => p.fileSize > 0 && p.origin === 'findlib+dpkg')
      .map((p) => p.name);
    expect(debianWithBytes.length).toBeGreaterThan(0);
    for (const name of debianWithBytes) expect(owners.has(name), name).toBe(true);
  });
});

describe('tcbscope build: bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcbscope-build-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', path], { input: text });
    return path;
  };

  it('reports malformed JSON with the file, line and column (exit 2)', async () => {
    const text = '{\n  "name": "x",\n  "targets": { , }\n}\n';
    const file = write('broken.json', text);
    const r = await runTcbscope(['build', '--config', file]);
    expect(r.code).toBe(2);
    // Where the parser stops: the stray comma, line 3.
    const offset = text.indexOf(',', text.indexOf('targets'));
    const column = offset - text.lastIndexOf('\n', offset);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(`line 3, column ${column}`);
    expect(r.stderr).toContain('[CONFIG_BAD]');
  });

  it.each([
    [
      'a key of the wrong type',
      { name: 'x', targets: { hvt: { command: ['true'], image: 5 } } },
      '/targets/hvt/image: must be string',
    ],
    [
      'an unknown key',
      { name: 'x', targets: { unix: { command: ['true'], image: 'a', imagee: 'b' } } },
      '"imagee"',
    ],
    [
      'a missing command',
      { name: 'x', targets: { unix: { image: 'a' } } },
      "/targets/unix: must have required property 'command'",
    ],
    [
      'a target tcbscope does not know',
      { name: 'x', targets: { hvtt: { command: ['true'], image: 'a' } } },
      '/targets/hvtt: unknown target "hvtt"',
    ],
    [
      'a "target" tcbscope does not know',
      { name: 'x', targets: { a: { command: ['true'], image: 'a', target: 'hvtt' } } },
      '/targets/a/target: must be equal to one of the allowed values ("hvt", "spt",',
    ],
    [
      'findlib without dpkg',
      { name: 'x', targets: { unix: { command: ['true'], image: 'a', metadata: { findlib: ['lwt'] } } } },
      '/targets/unix/metadata: findlib needs dpkg',
    ],
  ])('rejects %s naming the key (exit 2)', async (_what, config, expected) => {
    const file = write('config.json', JSON.stringify(config));
    const r = await runTcbscope(['build', '--config', file, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain(expected);
    expect((JSON.parse(r.stdout) as { error: { code: string } }).error.code).toBe('CONFIG_BAD');
  });

  it('rejects --targets naming a target the config lacks', async () => {
    const file = write(
      'two.json',
      JSON.stringify({
        name: 'x',
        targets: { a: { command: ['true'], image: 'a' }, b: { command: ['true'], image: 'b' } },
      }),
    );
    const r = await runTcbscope(['build', '--config', file, '--targets', 'a,hvt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--targets names "hvt", not in the configuration \(targets: a, b\).*\[CONFIG_BAD\]/,
    );
    expect(existsSync(join(dir, 'manifests'))).toBe(false);
  });

  it('finishes the other target when one build fails: exit 1, log tail shown, nothing written for the failed one', async () => {
    const image = join(repo, 'fixtures/images/greet/greet');
    const file = write(
      'mixed.json',
      JSON.stringify({
        name: 'mixed',
        outDir: 'out',
        targets: {
          broken: {
            target: 'unix',
            command: ['sh', '-c', 'for i in $(seq 1 30); do echo "build line $i"; done; exit 3'],
            image: 'never-made',
          },
          good: { target: 'unix', command: ['cp', image, 'greet-copy'], image: 'greet-copy' },
        },
      }),
    );
    const r = await runTcbscope(['build', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('target broken failed: build command failed (exit status 3)');
    // The last 20 of the 30 lines, and not the ones before.
    expect(r.stderr).toContain('build line 11\n');
    expect(r.stderr).toContain('build line 30\n');
    expect(r.stderr).not.toContain('build line 10\n');
    expect(readFileSync(join(dir, 'out/mixed/broken.log'), 'utf8').split('\n').filter(Boolean)).toHaveLength(
      30,
    );
    expect(existsSync(join(dir, 'out/mixed/broken.json'))).toBe(false);
    const good = validateManifest(
      JSON.parse(readFileSync(join(dir, 'out/mixed/good.json'), 'utf8')),
      'good.json',
    );
    expect(good.identity.sha256).toBe(execFileSync('sha256sum', [image], { encoding: 'utf8' }).split(' ')[0]);
    expect(r.stdout).toMatch(/good\s+ok/);
    expect(r.stdout).toMatch(/broken\s+FAILED/);
  });

  it('removes the manifest of an earlier build when the target now fails, so no stale manifest is left', async () => {
    const image = join(repo, 'fixtures/images/greet/greet');
    const config = (command: string[]) =>
      JSON.stringify({ name: 'again', outDir: 'out', targets: { unix: { command, image: 'greet-again' } } });
    const first = await runTcbscope([
      'build',
      '--config',
      write('again.json', config(['cp', image, 'greet-again'])),
    ]);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, 'out/again/unix.json'))).toBe(true);
    const second = await runTcbscope(['build', '--config', write('again.json', config(['false']))]);
    expect(second.code).toBe(1);
    expect(existsSync(join(dir, 'out/again/unix.json'))).toBe(false);
  });
});
