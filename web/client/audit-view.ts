import type { ImageAudit } from '../../analyzer/describe-image-audit.js';
import type { Diagnostic } from '../../analyzer/model/manifest.js';
import type { AdvisoriesResponse } from '../server/api-types.js';
import { h, type Child } from './create-element.js';
import { formatCount, formatShare } from '../../reports/format-number.js';

/** A plain table: a header row and one row per item, every cell text. */
function drawTable(id: string, headers: readonly string[], rows: readonly Child[][]): HTMLElement {
  return h(
    'table',
    { class: 'data', id },
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/**
 * Diagnostics with their whole text: a count alone ("Warnings 1") tells a reviewer nothing.
 * `target` names the image a row comes from, on the build page where several are listed.
 */
export function drawDiagnostics(
  id: string,
  rows: readonly { target?: string; diagnostic: Diagnostic }[],
): HTMLElement {
  if (rows.length === 0)
    return h('p', { class: 'meta', id }, 'No diagnostics: nothing was found missing or inconsistent.');
  const withTarget = rows.some((r) => r.target !== undefined);
  return drawTable(
    id,
    [...(withTarget ? ['Target'] : []), 'Severity', 'Code', 'Message', 'Where'],
    rows.map(({ target, diagnostic: d }) => [
      ...(withTarget ? [target ?? ''] : []),
      d.severity,
      h('code', {}, d.code),
      h('span', { class: 'diagnostic-message' }, d.message),
      [d.file, d.at].filter(Boolean).join(' at ') || '–',
    ]),
  );
}

/** Facts of the platform notes and identity a reviewer checks: Solo5 ABI, build-id, Xen PVH entry. */
export function describePlatform(audit: ImageAudit): [string, string][] {
  const facts: [string, string][] = [];
  const abi = audit.platform.solo5?.abi;
  if (abi)
    facts.push(['Solo5 ABI', `target ${abi.target} (code ${abi.targetCode}), ABI version ${abi.version}`]);
  const manifest = audit.platform.solo5?.manifest;
  if (manifest)
    facts.push([
      'Solo5 manifest',
      `version ${manifest.version}, ${manifest.entries} entries (${manifest.devices.length} device(s))`,
    ]);
  if (audit.platform.xenPvhEntry !== undefined)
    facts.push(['Xen PVH entry', `0x${audit.platform.xenPvhEntry.toString(16)}`]);
  if (audit.platform.interpreter) facts.push(['Interpreter', audit.platform.interpreter]);
  facts.push(['Build-id', audit.buildId ?? '– (none in the image)']);
  facts.push(['Target from', audit.targetEvidence]);
  facts.push([
    'Symbol table',
    audit.stripped ? 'none (stripped): attribution rests on sections and .dynsym' : 'present',
  ]);
  return facts;
}

/** Code bytes by language, as shares of all code bytes (the language of the unit holding them). */
export function describeCodeLanguages(audit: ImageAudit): string {
  const entries = Object.entries(audit.codeLanguages).filter(([, n]) => (n ?? 0) > 0) as [string, number][];
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return '–';
  return entries
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(
      ([language, n]) =>
        `${language === 'unknown' ? 'unknown language' : language} ${formatShare(n / total)}`,
    )
    .join(', ');
}

/** How the manifest was made: tool, command, environment and the hash of every input. */
export function drawProvenance(audit: ImageAudit): HTMLElement {
  const p = audit.provenance;
  const env = Object.entries(p.environment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return h(
    'div',
    { id: 'provenance' },
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Tool'),
      h('dd', {}, `${p.tool} ${p.toolVersion}`),
      h('dt', {}, 'Command'),
      h('dd', {}, h('code', { id: 'provenance-command' }, p.command.join(' '))),
      h('dt', {}, 'Environment'),
      h('dd', {}, env.length === 0 ? '–' : env.map(([k, v]) => `${k}=${v}`).join(', ')),
    ),
    drawTable(
      'provenance-inputs',
      ['Role', 'Path', 'Bytes', 'sha256'],
      p.inputs.map((i) => [i.role, i.path, formatCount(i.size), h('code', {}, i.sha256)]),
    ),
  );
}

/** Advisories that affect the image's packages at their versions, or why none are shown. */
export function drawAdvisories(response: AdvisoriesResponse): HTMLElement {
  if (response.folder === undefined)
    return h(
      'p',
      { class: 'meta', id: 'advisories' },
      'No advisories loaded: tcbscope serve --advisories DIR (a folder of OSV files) matches them against this image.',
    );
  const note = `${formatCount(response.advisories)} advisory file(s) from ${response.folder} against ${formatCount(response.checked)} package(s) with a version (${formatCount(response.unchecked)} could not be compared).`;
  if (response.matches.length === 0)
    return h('div', { id: 'advisories' }, h('p', { class: 'meta' }, `None applies. ${note}`));
  return h(
    'div',
    { id: 'advisories' },
    h('p', { class: 'meta' }, note),
    drawTable(
      'advisory-matches',
      ['Advisory', 'Summary', 'Severity', 'Package', 'Version', 'Affected range'],
      response.matches.map((m) => [
        [m.id, ...(m.aliases.length > 0 ? [` (${m.aliases.join(', ')})`] : [])].join(''),
        m.summary ?? '',
        `${m.severity.level}${m.severity.score !== undefined ? ` ${m.severity.score}` : ''}`,
        `${m.package}${m.buildOnly ? ' (build only)' : ''}`,
        m.version,
        m.range,
      ]),
    ),
  );
}
