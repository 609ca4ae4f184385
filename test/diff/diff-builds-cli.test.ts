/**
 * `tcbscope diff` for a pull-request reviewer, through main(io): the dependency graphs of two real
 * lock files (hannesm/dune-variant's hello-unix and hello-hvt, joined with the shared opam files by
 * `tcbscope deps`), `--top` on every section, the edges that brought each new package in, and whole
 * builds (folders, stored builds) compared target by target. The expected lists are read from the
 * manifests' own edges, not from the diff.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { runCli } from '../cli/run-cli.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { DATA, sharedData } from '../opam/shared-data.js';
import { FIXTURE_IMAGES_DIR, readFileSize } from '../support/binutils-truth.js';

let work: string;

function run(...args: string[]): ReturnType<typeof runCli> {
  return runCli(args, work);
}

const LOCKS = join(DATA, 'lockfiles/hannesm__dune-variant');

/** Each package of `head`'s graph that `base`'s lacks, with the names of the packages whose edges lead to it. */
function newPackagesOf(base: Manifest, head: Manifest): Map<string, string[]> {
  const before = new Set(base.dependencies.packages.map((p) => p.name));
  const out = new Map<string, string[]>();
  for (const p of head.dependencies.packages) if (!before.has(p.name)) out.set(p.name, []);
  for (const e of head.dependencies.edges) out.get(e.to)?.push(e.from);
  for (const [name, from] of out) out.set(name, [...new Set(from)].sort());
  return out;
}

/** Edges (from, to, kind) of `a` that `b` lacks. */
function edgesMissing(a: Manifest, b: Manifest): number {
  const key = (e: { from: string; to: string; kind: string }): string => `${e.from} ${e.to} ${e.kind}`;
  const inB = new Set(b.dependencies.edges.map(key));
  return new Set(a.dependencies.edges.map(key).filter((k) => !inB.has(k))).size;
}

describe.skipIf(sharedData.skip)(sharedData.title('tcbscope diff hello-unix → hello-hvt'), () => {
  let unix: Manifest;
  let hvt: Manifest;
  const files = { unix: '', hvt: '' };
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tcbscope-diff-builds-'));
    for (const target of ['unix', 'hvt'] as const) {
      const out = join(work, `hello-${target}.json`);
      const r = await run(
        'deps',
        '--lock',
        join(LOCKS, `hello-${target}.opam.locked`),
        '--opam-repo',
        join(DATA, 'opam-repository'),
        '--opam-repo',
        join(DATA, 'opam-overlays'),
        '--out',
        out,
      );
      expect(r.code, r.stderr).toBe(0);
      files[target] = out;
    }
    unix = JSON.parse(readFileSync(files.unix, 'utf8')) as Manifest;
    hvt = JSON.parse(readFileSync(files.hvt, 'utf8')) as Manifest;
    // One build per folder, the layout `tcbscope build` writes: base has unix, head has unix and hvt.
    mkdirSync(join(work, 'base'));
    mkdirSync(join(work, 'head'));
    writeFileSync(join(work, 'base/unix.json'), JSON.stringify(unix));
    writeFileSync(join(work, 'head/unix.json'), JSON.stringify(unix));
    writeFileSync(join(work, 'head/hvt.json'), JSON.stringify(hvt));
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('--top N limits every dependency list, one item a line, and counts what it left out', async () => {
    const r = await run('diff', files.unix, files.hvt, '--top', '2');
    expect(r.code, r.stderr).toBe(0);
    const added = edgesMissing(hvt, unix);
    const removed = edgesMissing(unix, hvt);
    expect(added).toBeGreaterThan(2);
    const section = (label: string): string[] => {
      const lines = r.stdout.split('\n');
      const start = lines.findIndex((l) => l.startsWith(`  ${label} (`));
      const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
      return lines.slice(start, end);
    };
    expect(section('edges added')).toEqual([
      `  edges added (${added}):`,
      expect.stringMatching(/^ {4}\S+ → \S+ \(\w+\)$/),
      expect.stringMatching(/^ {4}\S+ → \S+ \(\w+\)$/),
      `    ... and ${added - 2} more (--top, or --json for all)`,
    ]);
    expect(section('edges removed')).toContain(`    ... and ${removed - 2} more (--top, or --json for all)`);
    const news = newPackagesOf(unix, hvt);
    const newPackages = section('packages added, and the edges that brought them in');
    expect(newPackages[0]).toBe(`  packages added, and the edges that brought them in (${news.size}):`);
    expect(newPackages.at(-1)).toBe(`    ... and ${news.size - 2} more (--top, or --json for all)`);
    expect(newPackages).toHaveLength(4);
    // The units section is capped too (metadata manifests have none: it says 0).
    expect(r.stdout).toContain('Units that changed most (0 added');
  });

  it('names, for each new package, the packages whose edges brought it in; --json carries them all', async () => {
    const news = newPackagesOf(unix, hvt);
    const text = await run('diff', files.unix, files.hvt);
    for (const [name, from] of news) {
      const line = text.stdout.split('\n').find((l) => l.startsWith(`    ${name} `));
      expect(line, name).toBeDefined();
      for (const f of from) expect(line, `${f} → ${name}`).toContain(`${f} (`);
    }
    // A package the base already had brought one in: the review question "who asked for it".
    const before = new Set(unix.dependencies.packages.map((p) => p.name));
    expect([...news.values()].some((from) => from.some((f) => before.has(f)))).toBe(true);
    const json = JSON.parse((await run('diff', files.unix, files.hvt, '--json', '--top', '1')).stdout);
    const got = new Map(
      (json.dependencies.newPackages as { name: string; via: { from: string; fromIsNew: boolean }[] }[]).map(
        (p) => [p.name, [...new Set(p.via.map((v) => v.from))].sort()],
      ),
    );
    expect(got).toEqual(news);
    for (const p of json.dependencies.newPackages as { via: { from: string; fromIsNew: boolean }[] }[])
      for (const v of p.via) expect(v.fromIsNew).toBe(!before.has(v.from));
  });

  it('markdown: nested lists limited by --top, names as code spans', async () => {
    const r = await run('diff', files.unix, files.hvt, '--reporter', 'markdown', '--top', '3');
    expect(r.code, r.stderr).toBe(0);
    const tokens = new MarkdownIt().parse(r.stdout, {});
    // Each change is a list item whose nested list holds 3 items and the "… and K more" line.
    const nested = tokens.filter((t) => t.type === 'bullet_list_open' && t.level > 0).length;
    expect(nested).toBeGreaterThanOrEqual(5);
    const inline = tokens.filter((t) => t.type === 'inline').map((t) => t.content);
    const added = edgesMissing(hvt, unix);
    expect(inline).toContain(`edges added (${added}):`);
    expect(inline).toContain(`… and ${added - 3} more`);
    const codes = tokens
      .flatMap((t) => t.children ?? [])
      .filter((c) => c.type === 'code_inline')
      .map((c) => c.content);
    expect(codes).toContain([...newPackagesOf(unix, hvt).keys()][0]);
  });

  it('compares two folders target by target and reports a target present on one side only', async () => {
    const r = await run('diff', 'base', 'head');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('tcbscope diff: base → head, 2 target(s) matched by name');
    // A metadata manifest's file size is 0: there is no image file behind it.
    expect(lines[1]).toBe(`  hvt: only in the head build (added, ${hvt.identity.fileSize} file bytes)`);
    expect(lines[2]).toMatch(
      /^ {2}unix: file bytes 0 → 0 \(0\), .*in the dependency graph (\d+) → \1 \(0\)$/,
    );
    expect(lines[2]).toContain(`graph ${unix.dependencies.packages.length} →`);
    const back = JSON.parse((await run('diff', 'head', 'base', '--json')).stdout);
    expect(back.kind).toBe('builds');
    expect(back.targets.map((t: { target: string; presence: string }) => [t.target, t.presence])).toEqual([
      ['hvt', 'base-only'],
      ['unix', 'both'],
    ]);
    expect(back.targets[0].base.name).toBe(hvt.identity.name);
    const md = await run('diff', 'base', 'head', '--reporter', 'markdown');
    const tokens = new MarkdownIt().parse(md.stdout, {});
    expect(tokens.filter((t) => t.type === 'table_open').length).toBeGreaterThanOrEqual(2);
    expect(md.stdout).toContain('| `hvt` | **added** (`hello-hvt`) |  | 0 |');
  });

  it('compares stored builds (db:JOB@N and db:JOB) like the folders they were ingested from', async () => {
    const db = join(work, 'diff.db');
    for (const folder of ['base', 'head'])
      expect((await run('ingest', folder, '--db', db, '--job', 'hello')).code).toBe(0);
    const stored = JSON.parse((await run('diff', 'db:hello@1', 'db:hello', '--db', db, '--json')).stdout);
    const folders = JSON.parse((await run('diff', 'base', 'head', '--json')).stdout);
    expect([stored.base, stored.head]).toEqual(['hello build 1', 'hello build 2']);
    expect(stored.targets).toEqual(folders.targets);
  });

  it('refuses what it cannot compare with one line naming the argument and what diff accepts (exit 2)', async () => {
    const db = join(work, 'diff.db');
    const none = await run('diff', 'base', 'db:nosuchjob', '--db', db);
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('no job "nosuchjob" with a build (HEAD)');
    expect(none.stderr).toContain('pass BASE and HEAD each a manifest');
    expect(none.stderr).not.toContain('--current');
    mkdirSync(join(work, 'twice'));
    writeFileSync(join(work, 'twice/a.json'), JSON.stringify(unix));
    writeFileSync(join(work, 'twice/b.json'), JSON.stringify(unix));
    const twice = await run('diff', 'twice', 'head');
    expect([twice.code, twice.stderr]).toEqual([2, expect.stringContaining('two manifests for target unix')]);
    expect(twice.stderr).toContain('(BASE)');
    expect(twice.stderr).toContain('[DIFF_INPUT]');
    const nodb = await run('diff', 'db:hello', 'head', '--db', join(work, 'none.db'));
    expect([nodb.code, nodb.stderr]).toEqual([2, expect.stringContaining('for BASE "db:hello"')]);
  });
});

describe('tcbscope diff on image builds with a target added', () => {
  it('gives the added image its file size, as stat recorded it when the fixture was built', async () => {
    work = mkdtempSync(join(tmpdir(), 'tcbscope-diff-images-'));
    try {
      const hvtImage = join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');
      const greet = inspectImage({ image: join(FIXTURE_IMAGES_DIR, 'greet/greet') }, () => undefined);
      const hvt = inspectImage({ image: hvtImage }, () => undefined);
      for (const [file, m] of [
        ['base/unix.json', greet],
        ['head/unix.json', greet],
        ['head/hvt.json', hvt],
      ] as const) {
        mkdirSync(join(work, file, '..'), { recursive: true });
        writeFileSync(join(work, file), JSON.stringify(m));
      }
      const size = readFileSize(`${hvtImage}.filesize.txt`);
      const r = await run('diff', 'base', 'head');
      expect(r.stdout.split('\n')[1]).toBe(
        `  hvt: only in the head build (added, ${size.toLocaleString('en-US')} file bytes)`,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
