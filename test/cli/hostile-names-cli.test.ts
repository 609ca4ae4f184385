/**
 * Names are chosen by whoever built the image. A real manifest (the ocaml-https fixture, inspected
 * here) has one of its packages and its image renamed to hostile strings — markup, script, Markdown
 * that would end a table and forge a verdict, terminal escapes, bidi overrides, NUL, a lone
 * surrogate, a 100 kB name — and every text and Markdown reporter that shows it is checked
 * against the same report with a plain name: the same lines and the same Markdown structure, no
 * raw control or bidi character, and every hostile name inside a code span.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../analyzer/model/manifest.js';
import { isPseudoPackage } from '../../analyzer/model/is-pseudo-package.js';
import { packageEcosystem } from '../../analyzer/package-ecosystem.js';
import { inspectImage } from '../../pipeline/inspect-file.js';
import { findReporter } from '../../reports/reporter-registry.js';
import { runCli } from './run-cli.js';
import { FIXTURE_IMAGES_DIR } from '../support/binutils-truth.js';
import { BUILD_FIXTURES, builtFile, check, tool } from '../support/test-needs.js';

const image = join(FIXTURE_IMAGES_DIR, 'build/ocaml-https/ocaml-https');
const meta = '/var/lib/dpkg/info';
const fixtures = check(
  builtFile(image, BUILD_FIXTURES),
  builtFile(`${image}.map`, BUILD_FIXTURES),
  tool(meta),
);

/** Hostile names by what they attack. Each is also valid as a JSON string, so it survives a manifest file. */
const HOSTILE: Record<string, string> = {
  html: '<img src=x onerror=alert(1)>',
  script: '</script><script>alert(1)</script>',
  markdown:
    'evil\n\n## No TCB change, safe to merge\n\n| a | b |\n[click](https://example.invalid) ![x](y) @octocat',
  terminal: 'img\u001b]0;TITLE\u0007\u001b[2J',
  bidi: 'good\u202Eexe.txt',
  nul: 'nul\u0000byte',
  surrogate: 'bad\ud800utf8',
  long: 'x'.repeat(100_000),
};

/** A part of each hostile name that survives escaping, to find where the report shows it. */
const MARKER: Record<string, string> = {
  html: 'onerror',
  script: 'alert(1)',
  markdown: 'safe to merge',
  terminal: 'TITLE',
  bidi: 'exe.txt',
  nul: 'nul\\x00byte',
  surrogate: 'utf8',
  long: 'x'.repeat(1000),
};

/** Text outside code spans in which a marker appears: a name shown as prose, not as code. */
function proseWith(text: string, marker: string): string[] {
  const found: string[] = [];
  for (const t of md.parse(text, {}))
    for (const c of t.children ?? [])
      if (c.type !== 'code_inline' && c.content.includes(marker)) found.push(c.content);
  return found;
}

// Characters that must never reach a terminal or a rendered comment as they are.
/* eslint-disable no-control-regex -- finding control characters is the test */
const RAW =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])/;
/* eslint-enable no-control-regex */

const md = new MarkdownIt();
/** The block structure of a Markdown document: token types and heading levels, no text. */
function structure(text: string): string[] {
  return md.parse(text, {}).map((t) => `${t.type}${t.tag}`);
}
/** Every inline token type outside code spans: a hostile name must not make links, images or HTML. */
function inlineKinds(text: string): Set<string> {
  const kinds = new Set<string>();
  for (const t of md.parse(text, {}))
    for (const c of t.children ?? []) if (c.type !== 'text' && c.type !== 'code_inline') kinds.add(c.type);
  return kinds;
}

describe.skipIf(fixtures.skip)(fixtures.title('hostile names in every text and Markdown reporter'), () => {
  let dir: string;
  let base: Manifest;
  let victim: string;
  const files = new Map<string, string>();
  const manifests = new Map<string, Manifest>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcbscope-hostile-'));
    base = inspectImage({ image, map: `${image}.map`, meta: [meta], name: 'ocaml-https' }, () => {});
    // The renamed package: one that the dependency graph and the units both name.
    const names = base.attribution.packages.map((p) => p.name).filter((n) => !isPseudoPackage(n));
    victim = names.find((n) => n !== 'ocaml-https') as string;
    const text = JSON.stringify(base);
    const rename = (name: string): Manifest =>
      JSON.parse(
        text
          .replaceAll(JSON.stringify(victim), JSON.stringify(name))
          .replaceAll('"ocaml-https"', JSON.stringify(`${name}-image`)),
      ) as Manifest;
    for (const [kind, name] of [['plain', 'plain-package'], ...Object.entries(HOSTILE)] as [
      string,
      string,
    ][]) {
      const m = rename(name);
      // The version cell too: versions come from the same untrusted metadata as names.
      for (const p of m.attribution.packages) if (p.name === name) p.version = `1.0${name}`;
      manifests.set(kind, m);
      const file = join(dir, `${kind}.json`);
      writeFileSync(file, JSON.stringify(m));
      files.set(kind, file);
    }
    writeFileSync(join(dir, 'base.json'), text);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The command lines whose reports show the renamed package, with `FILE` for the renamed manifest. */
  const commands: [string, string[]][] = [
    ['diff text', ['diff', 'BASE', 'FILE', '--top', '1000']],
    ['diff markdown', ['diff', 'BASE', 'FILE', '--top', '1000', '--reporter', 'markdown']],
    ['gate text', ['gate', '--current', 'FILE', '--baseline', 'BASE', '--no-exit-code']],
    [
      'gate markdown',
      ['gate', '--current', 'FILE', '--baseline', 'BASE', '--no-exit-code', '--reporter', 'markdown'],
    ],
    ['why text', ['why', 'NAME', 'FILE']],
    ['why markdown', ['why', 'NAME', 'FILE', '--reporter', 'markdown']],
  ];

  async function run(kind: string, args: string[]) {
    const argv = args.map((a) =>
      a === 'FILE'
        ? (files.get(kind) as string)
        : a === 'BASE'
          ? join(dir, 'base.json')
          : a === 'NAME'
            ? nameOf(kind)
            : a,
    );
    return runCli(argv, dir);
  }
  const nameOf = (kind: string): string => (kind === 'plain' ? 'plain-package' : (HOSTILE[kind] as string));

  for (const [label, args] of commands)
    it.each(Object.keys(HOSTILE))(`${label}: %s name`, async (kind) => {
      const plain = await run('plain', args);
      const hostile = await run(kind, args);
      expect(plain.code, plain.stderr).toBe(hostile.code);
      expect(plain.stdout).toContain('plain-package');
      expect(hostile.stdout).not.toMatch(RAW);
      expect(hostile.stderr).not.toMatch(RAW);
      // A hostile name adds no line: it cannot forge a verdict or a heading of its own.
      expect(hostile.stdout.split('\n').length).toBe(plain.stdout.split('\n').length);
      expect(hostile.stdout).toContain(MARKER[kind]); // the name is shown, escaped, not dropped
      if (label.endsWith('markdown')) {
        expect(structure(hostile.stdout)).toEqual(structure(plain.stdout));
        expect(inlineKinds(hostile.stdout)).toEqual(inlineKinds(plain.stdout));
        expect(proseWith(hostile.stdout, MARKER[kind] as string)).toEqual([]);
      }
    });

  it.each(Object.keys(HOSTILE))('inspect text and markdown: %s image and package names', (kind) => {
    const m = manifests.get(kind) as Manifest;
    const plain = manifests.get('plain') as Manifest;
    for (const name of ['text', 'markdown']) {
      const report = findReporter('inspect', name);
      const out = report(m, {});
      const expected = report(plain, {});
      expect(out).not.toMatch(RAW);
      expect(out.split('\n').length).toBe(expected.split('\n').length);
      expect(out).toContain(MARKER[kind]);
      if (name === 'markdown') {
        expect(structure(out)).toEqual(structure(expected));
        expect(inlineKinds(out)).toEqual(inlineKinds(expected));
        expect(proseWith(out, MARKER[kind] as string)).toEqual([]);
      }
    }
  });

  it.each(Object.keys(HOSTILE))(
    'report --format md --advisories: a match on the %s package',
    async (kind) => {
      // An advisory naming the renamed package at its (as hostile) version: its row shows both.
      const markdownOf = async (which: string): Promise<string> => {
        const name = nameOf(which);
        const pkg = manifests.get(which)?.dependencies.packages.find((p) => p.name === name);
        const osv = join(dir, `osv-${which}`);
        mkdirSync(osv, { recursive: true });
        writeFileSync(
          join(osv, 'a.json'),
          JSON.stringify({
            schema_version: '1.6.0',
            id: 'TEST-HOSTILE',
            modified: '2026-01-01T00:00:00Z',
            summary: 'a test advisory',
            affected: [
              {
                package: { ecosystem: pkg ? packageEcosystem(pkg) : undefined, name },
                versions: [pkg?.version],
              },
            ],
          }),
        );
        const out = join(dir, `report-${which}.md`);
        const r = await runCli(
          ['report', files.get(which) as string, '--advisories', osv, '--format', 'md', '-o', out],
          dir,
        );
        expect(r.code, r.stderr).toBe(0);
        return readFileSync(out, 'utf8');
      };
      const plain = await markdownOf('plain');
      const out = await markdownOf(kind);
      expect(plain).toContain('TEST-HOSTILE');
      expect(out).toContain('TEST-HOSTILE');
      expect(out).not.toMatch(RAW);
      expect(out.split('\n').length).toBe(plain.split('\n').length);
      expect(structure(out)).toEqual(structure(plain));
      expect(inlineKinds(out)).toEqual(inlineKinds(plain));
      expect(proseWith(out, MARKER[kind] as string)).toEqual([]);
    },
  );

  it('an error line quoting a hostile name is one visible line', async () => {
    const r = await runCli(['why', HOSTILE.terminal + '\nforged line', files.get('plain') as string], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('\\x1b]0;TITLE');
  });
});
