import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportData } from './build-report-data.js';
import { embedJson, renderReportHtml, REPORT_DATA_ID } from './render-report-html.js';

const HOSTILE = '</script><script>alert(1)</script>';
const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('embedJson', () => {
  it.each([
    HOSTILE,
    '<!-- an HTML comment opener',
    'line\u2028separator\u2029paragraph',
    'a < b && c > d',
    '\u003c/SCRIPT >',
  ])('%j: no "<" or line separator in the text, and JSON.parse reads the value back', (name) => {
    const value = { packages: [{ name }], n: 12 };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderReportHtml', () => {
  const data: ReportData = {
    title: HOSTILE,
    images: [{ id: '1', name: HOSTILE, target: 'hvt' }],
    responses: { '/api/stacks': { stacks: [] } },
  };
  // A bundle whose string literal holds "</script>": it must not end the element early.
  const js = 'window.seen = "</script><b>";';
  const html = renderReportHtml(data, { js, css: 'p::after { content: "</style>"; }' }, { sha256Base64 });

  it('has exactly the data block and the bundle as scripts, and the hostile title only as text', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    expect(html).toContain(
      '<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; · tcbscope report</title>',
    );
    expect(html.match(/<\/style>/gi)).toHaveLength(1);
  });

  it('embeds the data so that JSON.parse gives it back', () => {
    const open = `<script type="application/json" id="${REPORT_DATA_ID}">`;
    const start = html.indexOf(open) + open.length;
    expect(JSON.parse(html.slice(start, html.indexOf('</script>', start)))).toEqual(data);
  });

  it('escapes "</script" in the bundle into code that evaluates to the same string', () => {
    const start = html.lastIndexOf('<script>') + '<script>'.length;
    const script = html.slice(start, html.indexOf('</script>', start));
    const sandbox: { seen?: string } = {};
    new Function('window', script)(sandbox);
    expect(sandbox.seen).toBe('</script><b>');
    // The policy names the hash of exactly the inline script, and allows no request.
    expect(html).toContain(`script-src 'sha256-${sha256Base64(script)}'`);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("connect-src 'none'");
  });
});
