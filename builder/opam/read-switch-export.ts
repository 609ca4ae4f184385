/**
 * `opam switch export` files, plain or `--full --freeze`: `installed:` (name.version of every
 * package in the switch), `roots:` (what the user asked for), `compiler:`, `pinned:`, and with
 * `--full` a `package "name" { ... }` section carrying each package's opam file (`extra-files`
 * holds the files those opam files refer to, base64-encoded).
 */
import type {
  Dependencies,
  DependencyEdge,
  DependencyPackage,
  Diagnostic,
} from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import {
  findField,
  findSections,
  listItems,
  readStringField,
  readStringList,
  splitNameVersion,
} from './opam-fields.js';
import { finishDependencyGraph } from './finish-dependency-graph.js';
import type { FilterVariables } from './opam-formula.js';
import { parseOpam } from './parse-opam.js';
import type { OpamItem } from './parse-opam.js';
import { readOpamEdges, readOpamPackageFacts } from './read-opam-repo.js';
import type { OpamFileLookup } from './read-opam-repo.js';

/** A switch export, field by field. */
export interface SwitchExport {
  file?: string;
  opamVersion?: string;
  /** `compiler:` name.version entries (absent in some exports). */
  compiler: string[];
  /** `roots:` as name.version. */
  roots: string[];
  /** `installed:` as name → version. */
  installed: Map<string, string>;
  /** `pinned:` name.version entries. */
  pinned: string[];
  /** `package "name" { ... }` sections: the package's opam file, with the section's line. */
  sections: { name: string; items: OpamItem[]; line: number }[];
  /** `extra-files`: checksum and base64 contents, as written. */
  extraFiles: { checksum: string; base64: string }[];
}

/** Options of {@link readSwitchExport}. */
export interface SwitchExportOptions {
  /** Opam files for packages that have no `package` section (plain exports): from `--opam-repo` folders. */
  lookup?: OpamFileLookup;
  /** Filter variables (`os`, `arch`, ...); unknown ones leave a filter undecided, which keeps the edge. */
  vars?: FilterVariables;
}

function toNameVersions(
  entries: string[],
  field: string,
  file: string | undefined,
  line?: number,
): { name: string; version: string }[] {
  return entries.map((entry) => {
    const nv = splitNameVersion(entry);
    if (!nv)
      throw new UserError('OPAM_BAD', `${JSON.stringify(entry)} in "${field}" is not name.version`, {
        file,
        line,
        at: field,
      });
    return nv;
  });
}

/** Parses an export's fields; a `package` section for a package missing from `installed:` is `OPAM_BAD`. */
export function parseSwitchExport(text: string, file?: string): SwitchExport {
  const { items } = parseOpam(text, file);
  const installedField = findField(items, 'installed');
  if (!installedField)
    throw new UserError('OPAM_BAD', 'a switch export needs an "installed" field', { file, at: 'installed' });
  const installed = new Map(
    toNameVersions(readStringList(items, 'installed', file), 'installed', file, installedField.line).map(
      (nv) => [nv.name, nv.version],
    ),
  );
  const sections = findSections(items, 'package').map((section) => {
    if (section.label === undefined || !installed.has(section.label)) {
      const what =
        section.label === undefined
          ? 'a package section without a name'
          : `package ${JSON.stringify(section.label)} has a section but is not in "installed:"`;
      throw new UserError('OPAM_BAD', what, {
        file,
        line: section.line,
        column: section.column,
        at: `package ${JSON.stringify(section.label ?? '')}`,
      });
    }
    return { name: section.label, items: section.items, line: section.line };
  });
  const extraFiles = listItems(
    findField(items, 'extra-files')?.value ?? { type: 'list', items: [], line: 0, column: 0 },
  ).flatMap((pair) => {
    const [checksum, base64] = pair.type === 'list' ? pair.items : [];
    return checksum?.type === 'string' && base64?.type === 'string'
      ? [{ checksum: checksum.value, base64: base64.value }]
      : [];
  });
  const exported: SwitchExport = {
    compiler: readStringList(items, 'compiler', file),
    roots: readStringList(items, 'roots', file),
    installed,
    pinned: readStringList(items, 'pinned', file),
    sections,
    extraFiles,
  };
  const opamVersion = readStringField(items, 'opam-version');
  if (opamVersion !== undefined) exported.opamVersion = opamVersion;
  if (file !== undefined) exported.file = file;
  return exported;
}

/**
 * Reads a switch export into the dependency graph: every installed package, roots from `roots:`,
 * edges from each package's opam file (its `package` section, else `options.lookup`) resolved
 * against the installed versions (`|` alternatives, filters, constraints).
 * A package with no opam file is `resolved: false` with unknown edges (it is installed, so not
 * `unresolved`); one `opam-no-opam-file` diagnostic counts them. A root missing from `installed:`
 * stays a root, becomes an `unresolved` package and gets an `opam-root-not-installed` warning.
 */
export function readSwitchExport(
  text: string,
  file?: string,
  options: SwitchExportOptions = {},
): { dependencies: Dependencies; diagnostics: Diagnostic[]; export: SwitchExport } {
  const exported = parseSwitchExport(text, file);
  const versionOf = (name: string): string | undefined => exported.installed.get(name);
  const sectionOf = new Map(exported.sections.map((s) => [s.name, s]));
  const diagnostics: Diagnostic[] = [];
  const edges: DependencyEdge[] = [];
  const packages: DependencyPackage[] = [];
  const withoutFile: string[] = [];
  const at = file !== undefined ? { file } : {};
  for (const [name, version] of exported.installed) {
    const pkg: DependencyPackage = {
      name,
      version,
      origin: 'opam-switch',
      fileSize: 0,
      buildOnly: false,
      resolved: false,
    };
    packages.push(pkg);
    const section = sectionOf.get(name);
    const found = section ? undefined : options.lookup?.(name, version);
    const items = section?.items ?? (found ? parseOpam(found.text, found.file).items : undefined);
    if (!items) {
      withoutFile.push(`${name}.${version}`);
      continue;
    }
    const sectionVersion = section ? readStringField(section.items, 'version') : undefined;
    if (sectionVersion !== undefined && sectionVersion !== version) {
      diagnostics.push({
        code: 'opam-version-mismatch',
        severity: 'warning',
        message: `package "${name}" section says version ${sectionVersion}, installed: says ${version}`,
        ...at,
        at: `line ${section?.line ?? 0}`,
      });
    }
    pkg.resolved = true;
    Object.assign(pkg, readOpamPackageFacts(items));
    const read = readOpamEdges(
      name,
      version,
      items,
      versionOf,
      found?.file ?? file ?? '<switch export>',
      options.vars,
    );
    edges.push(...read.edges);
    diagnostics.push(...read.diagnostics);
  }
  if (withoutFile.length > 0) {
    diagnostics.push({
      code: 'opam-no-opam-file',
      severity: 'info',
      message: `${withoutFile.length} installed package(s) have no opam file here (no package section, no --opam-repo match): their dependencies are unknown`,
      ...at,
    });
  }
  // Real exports can name roots that `installed:` lacks (hand-edited files): keep them as roots,
  // as unresolved packages, rather than refuse the file.
  const roots = toNameVersions(exported.roots, 'roots', file);
  const notInstalled = roots.filter((nv) => exported.installed.get(nv.name) !== nv.version);
  for (const nv of notInstalled) {
    if (!exported.installed.has(nv.name))
      packages.push({
        name: nv.name,
        version: nv.version,
        origin: 'opam-switch',
        fileSize: 0,
        buildOnly: false,
        resolved: false,
      });
  }
  const unresolved = notInstalled.map((nv) => `${nv.name}.${nv.version}`);
  if (unresolved.length > 0) {
    diagnostics.push({
      code: 'opam-root-not-installed',
      severity: 'warning',
      message: `roots not in "installed:": ${unresolved.join(', ')}`,
      ...at,
      at: 'roots',
    });
  }
  const finished = finishDependencyGraph(
    { packages, edges, roots: roots.map((nv) => nv.name), unresolved },
    file,
  );
  return {
    dependencies: finished.dependencies,
    diagnostics: [...diagnostics, ...finished.diagnostics],
    export: exported,
  };
}
