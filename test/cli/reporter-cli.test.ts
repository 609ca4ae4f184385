/**
 * `--reporter NAME` on every reporting command, through main(io): each registered reporter runs,
 * an unknown one is refused naming the valid ones, and `--json` stays a synonym. Figures are checked
 * against binutils' and stat's records of committed fixture images and against the shipped stack
 * profile, never against the reporters' own output.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { listReporterNames, REPORTERS, type ReportKind } from '../../reports/reporter-registry.js';
import { FIXTURE_IMAGES_DIR, readFileSize, readSectionTable, readSha256 } from '../support/binutils-truth.js';
import { runCli } from './run-cli.js';

const quiet = (): void => undefined;
const repo = join(import.meta.dirname, '../..');
const hvtImage = join(FIXTURE_IMAGES_DIR, 'solo5/solo5-hvt');
const greetImage = join(FIXTURE_IMAGES_DIR, 'greet/greet');
const nginx = join(repo, 'stacks/debian-12-amd64/https-nginx.json');
const nginxStack = JSON.parse(readFileSync(nginx, 'utf8')) as Manifest;
const truth = {
  hvtSize: readFileSize(`${hvtImage}.filesize.txt`),
  hvtSha: readSha256(`${hvtImage}.sha256.txt`),
  greetSize: readFileSize(`${greetImage}.filesize.txt`),
};
// Independent digit grouping and percentages: ICU's en-US, which the reporters must not use.
const group = (n: number): string => new Intl.NumberFormat('en-US').format(n);
const percent = (fraction: number): string =>
  `${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2, minimumSignificantDigits: 2 }).format(100 * fraction)}%`;
/** The cells of a Markdown table row, split on pipes that are not escaped. */
const cells = (row: string): string[] => row.split(/(?<!\\)\|/).slice(1, -1);

let dir: string;
const files = { hvt: '', greet: '', piped: '', pipedName: '', config: '', db: '' };

/** The same manifest with one package renamed everywhere a name refers to it. */
function renamePackage(m: Manifest, from: string, to: string): Manifest {
  const copy = structuredClone(m);
  for (const p of copy.attribution.packages) if (p.name === from) p.name = to;
  for (const u of copy.attribution.units) if (u.package === from) u.package = to;
  for (const p of copy.dependencies.packages) if (p.name === from) p.name = to;
  for (const e of copy.dependencies.edges) {
    if (e.from === from) e.from = to;
    if (e.to === from) e.to = to;
  }
  copy.dependencies.roots = copy.dependencies.roots.map((r) => (r === from ? to : r));
  return copy;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tcbscope-reporters-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const hvt = inspectImage({ image: hvtImage, map: `${hvtImage}.map` }, quiet);
  files.hvt = write('hvt.json', JSON.stringify(hvt));
  files.greet = write('greet.json', JSON.stringify(inspectImage({ image: greetImage }, quiet)));
  files.piped = write('piped.json', JSON.stringify(renamePackage(hvt, 'solo5', 'solo5|bindings')));
  files.pipedName = write(
    'piped-name.json',
    JSON.stringify({ ...hvt, identity: { ...hvt.identity, name: 'hvt|pipe' } }),
  );
  files.config = write(
    'tcbscope.config.json',
    JSON.stringify({
      name: 'copy',
      outDir: 'out',
      targets: { unix: { command: ['cp', greetImage, 'greet-copy'], image: 'greet-copy' } },
    }),
  );
  files.db = join(dir, 'reports.db');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A command line of each reporting command that succeeds here (stack needs Debian downloads: see below). */
const commandLines: Partial<Record<ReportKind, () => string[]>> = {
  inspect: () => ['inspect', hvtImage, '--map', `${hvtImage}.map`],
  build: () => ['build', '--config', files.config],
  why: () => ['why', 'libssl3', nginx],
  compare: () => ['compare', files.hvt, '--against', nginx],
  diff: () => ['diff', files.hvt, files.piped],
  ingest: () => ['ingest', files.greet, '--db', files.db, '--job', 'reporters'],
  report: () => ['report', files.hvt, '--against', nginx, '--format', 'md', '-o', join(dir, 'report.md')],
};
const runnable = Object.keys(commandLines) as ReportKind[];

describe('every reporting command accepts each reporter the registry holds', () => {
  it.each(runnable.flatMap((kind) => listReporterNames(kind).map((name) => [kind, name] as const)))(
    '%s --reporter %s',
    async (kind, name) => {
      const args = commandLines[kind]!();
      const r = await runCli([...args, '--reporter', name], dir);
      expect(r.code, r.stderr).toBe(0);
      if (name === 'json') {
        // --json is the same reporter: the same document (a build's durations aside).
        const again = (await runCli([...args, '--json'], dir)).stdout;
        const timeless = (text: string): unknown =>
          JSON.parse(text.replace(/"durationMs":[\d.e+-]+/g, '"durationMs":0'));
        expect(timeless(again)).toEqual(timeless(r.stdout));
        expect(again.split('\n')).toHaveLength(r.stdout.split('\n').length);
      } else if (name === 'markdown') expect(r.stdout.split('\n')[0]).toMatch(`### tcbscope ${kind}: `);
      else expect(r.stdout).not.toMatch(/^(\{|###)/);
    },
  );

  it('markdown is registered where a pull-request comment or a published report uses it', () => {
    for (const kind of ['diff', 'compare', 'build', 'inspect'] as const)
      expect(listReporterNames(kind)).toContain('markdown');
    for (const kind of Object.keys(REPORTERS) as ReportKind[])
      expect(listReporterNames(kind).slice(0, 2)).toEqual(['text', 'json']);
  });
});

describe('refusals: exit 2, a usage error naming the valid reporters', () => {
  /** The least each command needs to reach its reporter choice (nothing is read or built first). */
  const refusable: Record<ReportKind, string[]> = {
    inspect: ['inspect', 'image'],
    build: ['build'],
    deps: ['deps', '--lock', 'x.opam.locked'],
    why: ['why', 'pkg', 'm.json'],
    stack: ['stack', '--name', 'x', '--roots', 'hello'],
    compare: ['compare', 'a.json', '--against', 'b.json'],
    diff: ['diff', 'a.json', 'b.json'],
    ingest: ['ingest', 'a.json'],
    gate: ['gate', '--current', 'a', '--baseline', 'b'],
    audit: ['audit', 'm.json', '--advisories', 'osv'],
    report: ['report', 'a.json', '-o', 'report.html'],
  };
  it.each(Object.entries(refusable))('%s --reporter html', async (kind, args) => {
    const r = await runCli([...args, '--reporter', 'html'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `--reporter "html" is not one of ${listReporterNames(kind as ReportKind).join(', ')} (the reporters of tcbscope ${kind})`,
    );
    expect(r.stderr).toContain('[USAGE]');
  });
  it.each(Object.entries(refusable))('%s --json --reporter text', async (_kind, args) => {
    const r = await runCli([...args, '--json', '--reporter', 'text'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--json means --reporter json, not "text"');
    // --json asked for one JSON document: the error is one.
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'USAGE' } });
  });
  it.each([['--reporter', 'json'], ['--reporter=json']])(
    '%s prints an error as one JSON document too',
    async (...flags) => {
      const r = await runCli(['inspect', join(dir, 'nope'), ...flags], dir);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
    },
  );
});

describe('the figures each reporter prints are the recorded ones', () => {
  it('inspect: the file size stat recorded and the sha256 sha256sum recorded', async () => {
    const text = (await runCli(commandLines.inspect!(), dir)).stdout;
    expect(text).toContain(`  file   ${group(truth.hvtSize)}   sha256 ${truth.hvtSha}`);
    const md = (await runCli([...commandLines.inspect!(), '--reporter', 'markdown'], dir)).stdout;
    expect(md).toContain(`- **File:** ${group(truth.hvtSize)} bytes, elf64-le, sha256 \`${truth.hvtSha}\``);
  });

  it('compare: code bytes of both sides, and their ratio with two significant digits', async () => {
    // The image's code: its executable sections in the readelf -S recorded beside the fixture.
    const hvtCode = readSectionTable(`${hvtImage}.readelf-S.txt`)
      .filter((s) => s.flags.includes('X'))
      .reduce((n, s) => n + s.size, 0);
    const json = JSON.parse((await runCli([...commandLines.compare!(), '--json'], dir)).stdout) as {
      metrics: { id: string; image: number; stack: number }[];
    };
    const code = json.metrics.find((m) => m.id === 'code-bytes')!;
    expect(code.image).toBe(hvtCode);
    const ratio = percent(hvtCode / code.stack);
    const text = (await runCli(commandLines.compare!(), dir)).stdout;
    expect(text).toMatch(
      new RegExp(`^code bytes +${group(hvtCode)} +${group(code.stack)} +${ratio.replace('.', '\\.')}$`, 'm'),
    );
    const md = (await runCli([...commandLines.compare!(), '--reporter', 'markdown'], dir)).stdout;
    expect(md).toContain(`| code bytes | ${group(hvtCode)} | ${group(code.stack)} | ${ratio} |`);
  });

  it('compare markdown: a name with a pipe stays in its cell', async () => {
    const r = await runCli(['compare', files.pipedName, '--against', nginx, '--reporter', 'markdown'], dir);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.split('\n').find((l) => l.startsWith('| metric |'));
    expect(header).toBe('| metric | `hvt\\|pipe` | `https-nginx` | image ÷ stack |');
    expect(cells(header!)).toHaveLength(4);
    // Outside a table, `\|` would show its backslash: the heading keeps the name as it is.
    expect(r.stdout.split('\n')[0]).toContain('`hvt|pipe`');
  });

  it('diff markdown: a package name with a pipe stays in its cell, totals are the recorded size', async () => {
    const r = await runCli([...commandLines.diff!(), '--reporter', 'markdown'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const added = lines.find((l) => l.startsWith('| `solo5\\|bindings` |'));
    expect(added).toBeDefined();
    expect(cells(added!).map((c) => c.trim())).toHaveLength(8);
    expect(cells(added!)[1]?.trim()).toBe('**added**');
    expect(lines.some((l) => l.startsWith('| ~~`solo5`~~ | **removed** |'))).toBe(true);
    const total = lines.find((l) => l.startsWith('| **total** |'));
    expect(
      cells(total!)
        .slice(3, 6)
        .map((c) => c.trim()),
    ).toEqual([group(truth.hvtSize), group(truth.hvtSize), '0']);
  });

  it('build: the copied image size stat recorded, and the manifest path relative to the working folder', async () => {
    const text = (await runCli(commandLines.build!(), dir)).stdout;
    expect(text).toMatch(
      new RegExp(`^  unix +ok +${group(truth.greetSize)} bytes, .* -> out/copy/unix\\.json$`, 'm'),
    );
    const md = (await runCli([...commandLines.build!(), '--reporter', 'markdown'], dir)).stdout;
    const row = md.split('\n').find((l) => l.startsWith('| `unix` |'));
    expect(cells(row!).map((c) => c.trim())).toEqual([
      '`unix`',
      'ok',
      group(truth.greetSize),
      expect.any(String),
      expect.any(String),
      expect.any(String),
      '`out/copy/unix.json`',
    ]);
  });

  it('why: every step of every printed path is an edge of the stack profile', async () => {
    const r = await runCli(commandLines.why!(), dir);
    expect(r.code, r.stderr).toBe(0);
    const edges = new Set(nginxStack.dependencies.edges.map((e) => `${e.from}>${e.to}>${e.kind}`));
    // One path a line, led by its tier; the stack's edges are all read from control records, none inferred.
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^(runtime {2}|build {4}|test\/doc )\S/);
      const steps = line
        .slice(9)
        .split(' → ')
        .map((s) => /^(\S+)(?: \((\w+)\))?$/.exec(s)!);
      expect(nginxStack.dependencies.roots).toContain(steps[0]?.[1]);
      expect(steps.at(-1)?.[1]).toBe('libssl3');
      for (let i = 1; i < steps.length; i++)
        expect(edges.has(`${steps[i - 1]![1]}>${steps[i]![1]}>${steps[i]![2]}`), line).toBe(true);
    }
  });

  it('ingest: text names the build and the database; json is the indented document it always was', async () => {
    const text = (await runCli(commandLines.ingest!(), dir)).stdout;
    expect(text).toMatch(/^build \d+ of reporters \((new|already stored)\): unix\n/);
    expect(text.endsWith(`database: ${files.db}\n`)).toBe(true);
    const json = (await runCli([...commandLines.ingest!(), '--reporter', 'json'], dir)).stdout;
    expect(json).toBe(JSON.stringify(JSON.parse(json), null, 2) + '\n');
  });
});
