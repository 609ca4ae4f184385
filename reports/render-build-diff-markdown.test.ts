import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { BuildDiff } from '../analyzer/diff-builds.js';
import { findReporter } from './reporter-registry.js';

/** A build diff whose names try to break the table: a pipe, a backtick, a line break, a tag. */
const hostile: BuildDiff = {
  kind: 'builds',
  base: 'base|dir',
  head: 'head`dir',
  targets: [
    {
      target: 'hv|t',
      presence: 'head-only',
      head: {
        name: 'app`|\n<img>',
        target: 'hv|t',
        arch: 'x86_64',
        format: 'elf64-le',
        sha256: '0'.repeat(64),
      },
    },
    {
      target: 'xen',
      presence: 'base-only',
      base: { name: 'plain', target: 'xen', arch: 'x86_64', format: 'elf64-le', sha256: '1'.repeat(64) },
    },
  ],
};

describe('the build diff as Markdown (markdown-it reads it back)', () => {
  const md = findReporter('diff', 'markdown')(hostile, {});
  const tokens = new MarkdownIt().parse(md, {});

  it('keeps one row per target with every cell in its column, names as code spans', () => {
    const rows: string[][] = [];
    let row: string[] | undefined;
    for (const t of tokens) {
      if (t.type === 'tr_open') row = [];
      else if (t.type === 'inline' && row) row.push(t.content);
      else if (t.type === 'tr_close' && row) {
        rows.push(row);
        row = undefined;
      }
    }
    expect(rows.map((r) => r.length)).toEqual([7, 7, 7]);
    const codes = tokens.flatMap((t) => t.children ?? []).filter((c) => c.type === 'code_inline');
    // The pipe stays inside the code span (GFM unescapes `\|` there), the backtick became a quote
    // and the line break a visible escape, as in every report for people.
    expect(codes.map((c) => c.content)).toEqual(
      expect.arrayContaining(['base|dir', "head'dir", 'hv|t', "app'|\\n<img>", 'xen']),
    );
    expect(rows[1]?.[1]).toContain('**added**');
    expect(rows[2]?.[1]).toContain('**removed**');
  });

  it('lets no name open an HTML tag', () => {
    expect(tokens.some((t) => t.type === 'html_inline' || t.type === 'html_block')).toBe(false);
    expect(tokens.flatMap((t) => t.children ?? []).some((c) => c.type === 'html_inline')).toBe(false);
  });
});
