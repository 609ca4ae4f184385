/**
 * What a package installed, as opam recorded it: `.opam-switch/install/<pkg>.changes` (opam syntax,
 * `added: [ "lib/lwt/lwt.cmxa" {"F:<hash>"} ... ]`) and `<pkg>.install` files (dune's install
 * lists: `lib: [ "_build/install/default/lib/lwt/lwt.cmxa" {"lwt.cmxa"} ]`). The file lists are the
 * install-list evidence that attributes archives and objects to packages.
 */
import { UserError } from '../../analyzer/model/user-error.js';
import { findField, listItems } from './opam-fields.js';
import { parseOpam } from './parse-opam.js';
import type { OpamValue } from './parse-opam.js';

/** One path a package's installation touched, relative to the switch prefix. */
export interface InstalledFile {
  path: string;
  /** `file`, `dir` or `link`, from the change record's first letter (`F`, `D`, `L`). */
  kind: 'file' | 'dir' | 'link' | 'other';
  /** `added`, or `contents-changed` for a file it overwrote. */
  change: 'added' | 'contents-changed';
  /** The hash (`F:`) or the link target (`L:`), as written. */
  detail?: string;
}

const KINDS: Record<string, InstalledFile['kind']> = { F: 'file', D: 'dir', L: 'link' };

/** Reads a `.changes` file; files come out sorted by path. Throws `OPAM_SYNTAX`/`OPAM_BAD` with file and line. */
export function readOpamChanges(text: string, file?: string): InstalledFile[] {
  const { items } = parseOpam(text, file);
  const out: InstalledFile[] = [];
  for (const change of ['added', 'contents-changed'] as const) {
    const field = findField(items, change);
    if (!field) continue;
    for (const item of listItems(field.value)) out.push(readChange(item, change, file));
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function readChange(
  item: OpamValue,
  change: InstalledFile['change'],
  file: string | undefined,
): InstalledFile {
  const path = item.type === 'option' ? item.value : item;
  const record = item.type === 'option' ? item.options[0] : undefined;
  if (path.type !== 'string' || (record !== undefined && record.type !== 'string')) {
    throw new UserError('OPAM_BAD', `expected "path" {"F:hash"} in ${JSON.stringify(change)}`, {
      file,
      line: item.line,
      column: item.column,
      at: JSON.stringify(change),
    });
  }
  const text = record?.type === 'string' ? record.value : '';
  const colon = text.indexOf(':');
  const letter = colon < 0 ? text : text.slice(0, colon);
  const entry: InstalledFile = { path: path.value, kind: KINDS[letter] ?? 'other', change };
  if (colon >= 0) entry.detail = text.slice(colon + 1);
  return entry;
}

/** Where each `.install` section puts its files, relative to the switch prefix; `{pkg}` is the package. */
const INSTALL_DIRS: Record<string, string> = {
  lib: 'lib/{pkg}',
  lib_root: 'lib',
  libexec: 'lib/{pkg}',
  libexec_root: 'lib',
  bin: 'bin',
  sbin: 'sbin',
  toplevel: 'lib/toplevel',
  share: 'share/{pkg}',
  share_root: 'share',
  etc: 'etc/{pkg}',
  doc: 'doc/{pkg}',
  stublibs: 'lib/stublibs',
};

/** One destination of a `.install` file. */
export interface InstallEntry {
  /** Destination relative to the switch prefix (`lib/lwt/lwt.cmxa`); absolute for `misc`. */
  path: string;
  /** The source path in the build tree. */
  source: string;
  /** The `.install` section (`lib`, `bin`, `stublibs`, ...). */
  section: string;
  /** Written with a leading `?`: installed only if it exists. */
  optional: boolean;
}

/** Reads a `<pkg>.install` file into destination paths, sorted. Unknown sections are an `OPAM_BAD` error. */
export function readOpamInstall(text: string, pkg: string, file?: string): InstallEntry[] {
  const { items } = parseOpam(text, file);
  const out: InstallEntry[] = [];
  for (const item of items) {
    if (item.type !== 'field') continue;
    const dir = INSTALL_DIRS[item.name];
    if (dir === undefined && item.name !== 'man' && item.name !== 'misc') {
      throw new UserError('OPAM_BAD', `unknown .install section "${item.name}"`, {
        file,
        line: item.line,
        column: item.column,
        at: item.name,
      });
    }
    for (const value of listItems(item.value)) {
      const src = value.type === 'option' ? value.value : value;
      const dst = value.type === 'option' ? value.options[0] : undefined;
      if (src.type !== 'string' || (dst !== undefined && dst.type !== 'string')) {
        throw new UserError('OPAM_BAD', `expected "source" {"destination"} in "${item.name}"`, {
          file,
          line: value.line,
          column: value.column,
          at: item.name,
        });
      }
      const optional = src.value.startsWith('?');
      const source = optional ? src.value.slice(1) : src.value;
      const name = dst?.type === 'string' ? dst.value : (source.split('/').pop() ?? source);
      out.push({ path: placeInstalled(item.name, dir, name, pkg), source, section: item.name, optional });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function placeInstalled(section: string, dir: string | undefined, name: string, pkg: string): string {
  if (section === 'misc') return name;
  if (section === 'man') {
    // `foo.3` goes to man/man3/foo.3 unless the destination already names the man folder.
    if (name.includes('/')) return `man/${name}`;
    const ext = /\.([0-9])[a-z]*$/.exec(name)?.[1];
    return ext ? `man/man${ext}/${name}` : `man/${name}`;
  }
  return `${(dir ?? '').replace('{pkg}', pkg)}/${name}`;
}
