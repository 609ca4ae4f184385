/**
 * opam-monorepo lock files (`<name>-<target>.opam.locked`, written by `mirage configure`).
 * `depends` pins every package to one version (`{= "1.2" & ?vendor}`); `?vendor` marks the ones
 * compiled from source into the unikernel (the duniverse), which `pin-depends` lists with their
 * source URL; the rest come from the opam switch (compiler, tools, libraries of the tools).
 */
import type {
  Dependencies,
  DependencyEdge,
  DependencyPackage,
  Diagnostic,
} from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { findField, listItems, readStringList, splitNameVersion, expectString } from './opam-fields.js';
import { finishDependencyGraph } from './finish-dependency-graph.js';
import { parseOpam } from './parse-opam.js';
import type { OpamValue } from './parse-opam.js';

/** One `depends` entry of a lock file. */
export interface OpamLockEntry {
  name: string;
  version: string;
  /** Marked `?vendor`: built from source inside the unikernel's duniverse. */
  vendored: boolean;
  line: number;
}

/** A lock file, field by field. */
export interface OpamLock {
  file?: string;
  entries: OpamLockEntry[];
  /** `pin-depends`: `[ "name.version" "url" ]` pairs. */
  pins: { name: string; version: string; url: string; line: number }[];
  /** `x-opam-monorepo-root-packages`. */
  roots: string[];
  /** `x-opam-monorepo-opam-provided`: root dependencies taken from the switch rather than vendored. */
  opamProvided: string[];
  /** `x-opam-monorepo-duniverse-dirs`: source URL → duniverse folder and checksums. */
  duniverseDirs: { url: string; dir: string; checksums: string[] }[];
  /** The target from the file name `<root>-<target>.opam.locked`, or `x-mirage-target` when present. */
  target?: string;
}

/** Parses a lock file's fields; throws `OPAM_SYNTAX` / `OPAM_BAD` with file and line. */
export function parseOpamLock(text: string, file?: string): OpamLock {
  const { items } = parseOpam(text, file);
  const depends = findField(items, 'depends');
  if (!depends)
    throw new UserError('OPAM_BAD', 'a lock file needs a "depends" field', { file, at: 'depends' });
  const lock: OpamLock = {
    entries: listItems(depends.value).map((item) => readLockEntry(item, file)),
    pins: readPins(findField(items, 'pin-depends')?.value, file),
    roots: readStringList(items, 'x-opam-monorepo-root-packages', file),
    opamProvided: readStringList(items, 'x-opam-monorepo-opam-provided', file),
    duniverseDirs: readDuniverseDirs(findField(items, 'x-opam-monorepo-duniverse-dirs')?.value, file),
  };
  if (file !== undefined) lock.file = file;
  const target = readStringList(items, 'x-mirage-target', file)[0] ?? targetFromFileName(file, lock.roots);
  if (target !== undefined) lock.target = target;
  return lock;
}

function readLockEntry(item: OpamValue, file: string | undefined): OpamLockEntry {
  const fail = (what: string): never => {
    throw new UserError('OPAM_BAD', `lock file "depends" entry: ${what}`, {
      file,
      line: item.line,
      column: item.column,
      at: 'depends',
    });
  };
  if (item.type !== 'option' || item.value.type !== 'string')
    return fail('expected "name" {= "version" ...}');
  let version: string | undefined;
  let vendored = false;
  const visit = (value: OpamValue): void => {
    if (value.type === 'logop') {
      visit(value.left);
      visit(value.right);
    } else if (value.type === 'prefix-relop' && value.op === '=' && value.value.type === 'string')
      version = value.value.value;
    else if (value.type === 'defined' && value.value.type === 'ident' && value.value.name === 'vendor')
      vendored = true;
  };
  item.options.forEach(visit);
  if (version === undefined)
    return fail(`${JSON.stringify(item.value.value)} has no {= "version"} constraint`);
  return { name: item.value.value, version, vendored, line: item.line };
}

function readPins(value: OpamValue | undefined, file: string | undefined): OpamLock['pins'] {
  if (!value) return [];
  return listItems(value).map((pair) => {
    const parts = pair.type === 'list' ? pair.items : [];
    const [spec, url] = parts;
    if (parts.length !== 2 || !spec || !url)
      throw new UserError('OPAM_BAD', 'pin-depends: expected [ "name.version" "url" ]', {
        file,
        line: pair.line,
        column: pair.column,
        at: 'pin-depends',
      });
    const nv = splitNameVersion(expectString(spec, 'pin-depends', file));
    if (!nv)
      throw new UserError('OPAM_BAD', 'pin-depends: expected "name.version"', {
        file,
        line: spec.line,
        column: spec.column,
        at: 'pin-depends',
      });
    return { ...nv, url: expectString(url, 'pin-depends', file), line: pair.line };
  });
}

function readDuniverseDirs(
  value: OpamValue | undefined,
  file: string | undefined,
): OpamLock['duniverseDirs'] {
  if (!value) return [];
  return listItems(value).map((entry) => {
    const [url, dir, sums] = entry.type === 'list' ? entry.items : [];
    if (!url || !dir)
      throw new UserError('OPAM_BAD', 'expected [ "url" "dir" [checksums] ]', {
        file,
        line: entry.line,
        column: entry.column,
        at: 'x-opam-monorepo-duniverse-dirs',
      });
    const checksums = sums
      ? listItems(sums).map((s) => expectString(s, 'x-opam-monorepo-duniverse-dirs', file))
      : [];
    return {
      url: expectString(url, 'x-opam-monorepo-duniverse-dirs', file),
      dir: expectString(dir, 'x-opam-monorepo-duniverse-dirs', file),
      checksums,
    };
  });
}

/** `hello-hvt.opam.locked` with root `hello-hvt` names target `hvt` (mirage's `<name>-<target>` convention). */
function targetFromFileName(file: string | undefined, roots: string[]): string | undefined {
  const base = file
    ?.split(/[\\/]/)
    .pop()
    ?.replace(/\.opam\.locked$/, '');
  const root = roots[0] ?? base;
  const dash = root?.lastIndexOf('-') ?? -1;
  return root !== undefined && dash > 0 ? root.slice(dash + 1) : undefined;
}

/** The package record for a lock entry, with the pin's URL and the duniverse checksums when there are any. */
export function describeLockEntry(lock: OpamLock, entry: OpamLockEntry): DependencyPackage {
  const pin = lock.pins.find((p) => p.name === entry.name && p.version === entry.version);
  const pkg: DependencyPackage = {
    name: entry.name,
    version: entry.version,
    origin: 'opam-lock',
    vendored: entry.vendored,
    fileSize: 0,
    buildOnly: false,
    resolved: false,
  };
  if (pin)
    pkg.source = {
      url: pin.url,
      checksums: lock.duniverseDirs.find((d) => d.url === pin.url)?.checksums ?? [],
    };
  return pkg;
}

/** The root package (the unikernel itself): the lock file is its metadata. */
export function describeLockRoot(name: string): DependencyPackage {
  return { name, origin: 'opam-lock', fileSize: 0, buildOnly: false, resolved: true };
}

/** Warns when `pin-depends` and the `?vendor` marks disagree (opam-monorepo writes them as the same set). */
export function checkPinsMatchVendored(lock: OpamLock): Diagnostic[] {
  const vendored = new Set(lock.entries.filter((e) => e.vendored).map((e) => `${e.name}.${e.version}`));
  const pinned = new Set(lock.pins.map((p) => `${p.name}.${p.version}`));
  const onlyVendored = [...vendored].filter((k) => !pinned.has(k));
  const onlyPinned = [...pinned].filter((k) => !vendored.has(k));
  if (onlyVendored.length === 0 && onlyPinned.length === 0) return [];
  const message = `pin-depends and ?vendor differ: vendored without a pin: ${onlyVendored.join(', ') || 'none'}; pinned without ?vendor: ${onlyPinned.join(', ') || 'none'}`;
  return [
    {
      code: 'opam-pin-vendor-mismatch',
      severity: 'warning',
      message,
      ...(lock.file !== undefined ? { file: lock.file } : {}),
      at: 'pin-depends',
    },
  ];
}

/**
 * Reads a lock file on its own, without opam files: every entry hangs off the root, `runtime` when
 * vendored (compiled into the image) and `build` otherwise (taken from the switch to build it).
 * No opam file was consulted, so entries are `resolved: false`, and those without a pin-depends
 * entry are listed in `unresolved`; `readOpamRepo` gives the real edges and resolution.
 */
export function readOpamLock(
  text: string,
  file?: string,
): { dependencies: Dependencies; diagnostics: Diagnostic[]; lock: OpamLock } {
  const lock = parseOpamLock(text, file);
  const packages = [
    ...lock.roots.map(describeLockRoot),
    ...lock.entries.map((e) => describeLockEntry(lock, e)),
  ];
  const edges: DependencyEdge[] = lock.roots.flatMap((root) =>
    lock.entries.map((e) => ({
      from: root,
      to: e.name,
      kind: e.vendored ? ('runtime' as const) : ('build' as const),
      constraint: `= ${JSON.stringify(e.version)}`,
      // The lock lists the package, not who depends on it: the edge from the root is tcbscope's guess.
      inferred: true as const,
    })),
  );
  const unresolved = packages
    .filter((p) => !p.resolved && !p.source)
    .map((p) => `${p.name}.${p.version ?? ''}`);
  const finished = finishDependencyGraph({ packages, edges, roots: lock.roots, unresolved }, file);
  const at = file !== undefined ? { file } : {};
  const diagnostics: Diagnostic[] = [
    ...checkPinsMatchVendored(lock),
    {
      code: 'opam-lock-only',
      severity: 'info',
      message: `no opam repository given: ${lock.entries.length} locked packages hang directly off the root, edges between them are unknown`,
      ...at,
    },
    ...finished.diagnostics,
  ];
  return { dependencies: finished.dependencies, diagnostics, lock };
}
