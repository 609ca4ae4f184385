import { UserError } from '../../analyzer/model/user-error.js';
import type { VersionOperator } from './parse-relations.js';

/** A Debian version split into its parts: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

/** Splits a version string as dpkg does: epoch before the first `:`, revision after the last `-`. */
export function parseDebianVersion(version: string): DebianVersion {
  const text = version.trim();
  const colon = text.indexOf(':');
  let epoch = 0;
  let rest = text;
  if (colon >= 0) {
    const epochText = text.slice(0, colon);
    if (!/^\d+$/.test(epochText))
      throw new UserError('DEB_BAD', `version ${JSON.stringify(version)} has a bad epoch`, { at: 'Version' });
    epoch = Number(epochText);
    rest = text.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream === '')
    throw new UserError('DEB_BAD', `version ${JSON.stringify(version)} has an empty upstream part`, {
      at: 'Version',
    });
  return { epoch, upstream, revision };
}

/** Compares two Debian versions like `dpkg --compare-versions`: negative, 0 or positive. */
export function compareDebianVersions(a: string, b: string): number {
  const va = parseDebianVersion(a);
  const vb = parseDebianVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  return compareFragment(va.upstream, vb.upstream) || compareFragment(va.revision, vb.revision);
}

/** True when `version` satisfies `op reference` (`>= 1.2`). */
export function satisfiesVersion(version: string, op: VersionOperator, reference: string): boolean {
  const c = compareDebianVersions(version, reference);
  switch (op) {
    case '<<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '=':
      return c === 0;
    case '>=':
      return c >= 0;
    case '>>':
      return c > 0;
  }
}

/** dpkg's character order: `~` before everything (even the end), then the end, letters, then the rest. */
function order(code: number | undefined): number {
  if (code === undefined) return 0;
  if (code === 0x7e) return -1;
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return code;
  return code + 256;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 0x30 && code <= 0x39;
}

/** dpkg's verrevcmp: alternate non-digit runs (by `order`) and digit runs (numerically). */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = i < a.length && !isDigit(a.charCodeAt(i)) ? order(a.charCodeAt(i)) : 0;
      const bc = j < b.length && !isDigit(b.charCodeAt(j)) ? order(b.charCodeAt(j)) : 0;
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 0x30) i++;
    while (b.charCodeAt(j) === 0x30) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}
