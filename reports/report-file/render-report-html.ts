import { xmlText } from '../xml-text.js';
import type { ReportData } from './build-report-data.js';

/** The built report client (`npm run build` writes it to dist/web/report): one script, one stylesheet. */
export interface ReportBundle {
  js: string;
  css: string;
}

/** What the HTML renderer needs besides the data. */
export interface ReportHtmlOptions {
  /**
   * The base64 SHA-256 of a text (UTF-8): the page's Content-Security-Policy allows only the
   * inline script with that hash. Passed in because the renderer is pure (the hash is Node's crypto).
   */
  sha256Base64(text: string): string;
}

/** The id of the script element that holds the data; report-main.ts reads it. */
export const REPORT_DATA_ID = 'tcbscope-report-data';

/**
 * JSON that is safe inside a `<script>` element: every `<` written as `\u003c`, so no name in a
 * manifest can close the element (`</script>`) or open an HTML comment (`<!--`); U+2028 and
 * U+2029 as escapes too, since older JavaScript parsers end a line there. JSON.parse reads the
 * same value back.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The bundle's code placed in a `<script>` element. `</script` inside a string or a regular
 * expression would end the element: `<\/script` is the same string to JavaScript. Stylesheets
 * are treated the same way for `</style`.
 */
function embedCode(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</${tag}`, 'gi'), `<\\/${tag}`);
}

/**
 * The report as one HTML file: the client's script and stylesheet inline, the data as a JSON
 * block, and a policy that forbids every request (no CDN, no fonts, no fetch) and every script
 * but the bundle itself, so the file opens from `file://` and a hostile name cannot run code.
 */
export function renderReportHtml(data: ReportData, bundle: ReportBundle, options: ReportHtmlOptions): string {
  const script = embedCode(bundle.js, 'script');
  const policy = [
    "default-src 'none'",
    `script-src 'sha256-${options.sha256Base64(script)}'`,
    // The pages set colours through style attributes (the treemap legend), which need 'unsafe-inline'.
    "style-src 'unsafe-inline'",
    // Chart exports draw into data: and blob: URLs; nothing is fetched from anywhere.
    'img-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // The policy is this file's own text and a base64 hash: nothing in it needs escaping.
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${xmlText(data.title)} · tcbscope report</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${embedCode(bundle.css, 'style')}</style>`,
    '</head>',
    '<body>',
    `<header class="site"><span class="brand">tcbscope</span> <nav id="report-nav" aria-label="Images"></nav></header>`,
    '<main id="page" aria-live="polite" aria-busy="true"></main>',
    `<script type="application/json" id="${REPORT_DATA_ID}">${embedJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
