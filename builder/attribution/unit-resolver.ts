import type { Language } from '../../analyzer/model/manifest.js';
import type { UnitKey } from './attribution-builder.js';
import { matchRules, type CompiledRule, type RuleFacts } from './attribution-rules.js';
import { baseName, findByBase, findByPath, type InstallHit, type InstallIndex } from './install-index.js';
import { unitObjectBase } from './ocaml-symbols.js';

/** One input section of a linker map, as the resolver needs it (a subset of the map reader's record). */
export interface MapInputEvidence {
  section: string;
  address: number;
  size: number;
  archive?: string;
  object: string;
  file: string;
  /** How the object was found: the linker map (default), or an installed archive's symbol index. */
  via?: 'map' | 'armap';
}

/** A static archive member that defines a symbol, from the archive's own symbol index. */
export interface ArchiveDefinition {
  archive: string;
  member: string;
}

/** One DWARF compile unit, as the resolver needs it. */
export interface DwarfUnitEvidence {
  name: string;
  compDir?: string;
  languageName: string;
  ranges: { low: number; high: number }[];
}

/** What is known about the bytes at one place: each field from a different kind of evidence. */
export interface PlaceFacts {
  section: string;
  exec: boolean;
  symbol?: string;
  /** OCaml unit from the symbol name or the unit's code/data markers. */
  ocamlUnit?: string;
  ocamlUnitFrom?: 'symbol' | 'marker';
  mapInput?: MapInputEvidence;
  inFill?: boolean;
  /** The input section a linker fill aligns (the one right after it). */
  fillBefore?: MapInputEvidence;
  dwarf?: DwarfUnitEvidence;
}

/** Settings shared by every resolution in one image. */
export interface ResolverContext {
  install?: InstallIndex;
  rules: readonly CompiledRule[];
  /** Name of the image's own package: objects linked from the build directory belong to it. */
  ownPackage: string;
  /** Installed static archives that define a symbol (without a map, the exact link evidence left). */
  archiveSymbols?: ReadonlyMap<string, ArchiveDefinition[]>;
}

/**
 * Decides the unit, package, language and evidence for one place, strongest evidence first:
 * install lists (the map's archive path, the OCaml unit's .cmx), then DWARF, then the linker map,
 * then name rules, then `unknown`. Never guesses: each answer names what it rests on.
 */
export function resolveUnit(ctx: ResolverContext, f: PlaceFacts): UnitKey {
  const input = f.mapInput;
  const facts: RuleFacts = { section: f.section };
  if (f.symbol !== undefined) facts.symbol = f.symbol;
  if (input) {
    facts.object = baseName(input.object);
    if (input.archive !== undefined) facts.archive = baseName(input.archive);
  }
  if (f.dwarf) facts.dwarfUnit = f.dwarf.name;
  const rule = matchRules(ctx.rules, facts);
  const unitName = f.ocamlUnit ?? f.dwarf?.name ?? (input ? objectLabel(input) : undefined);
  const language = languageOf(f, rule.lang);
  const library = input?.archive !== undefined ? libraryOf(input.archive) : undefined;

  if (f.inFill && f.fillBefore) {
    const owner = resolveUnit(ctx, { section: f.section, exec: f.exec, mapInput: f.fillBefore });
    return {
      ...owner,
      name: '[alignment fill]',
      language: 'metadata',
      evidence: 'linker-map',
      evidenceDetail: `*fill* the linker inserted to align ${objectLabel(f.fillBefore)}`,
    };
  }
  if (f.inFill && !input) {
    return {
      name: '[linker fill]',
      package: '[linker]',
      language: 'metadata',
      evidence: 'linker-map',
      evidenceDetail: `*fill* in ${f.section}`,
    };
  }
  if (rule.pkg?.override) {
    // Sections the linker synthesises: the map lists them under the first input file only nominally.
    return {
      name: rule.pkg.unit ?? `[${f.section}]`,
      package: rule.pkg.package as string,
      language: rule.pkg.language ?? language,
      evidence: 'name-rule',
      evidenceDetail: `rule ${rule.pkg.id}`,
    };
  }
  const installed = ctx.install ? findInstalled(ctx.install, f) : undefined;
  if (installed) {
    const via = input
      ? `${objectLabel(input)} (${input.via === 'armap' ? 'defines the symbol, by its archive index' : 'map'}) in `
      : f.ocamlUnit
        ? `unit ${f.ocamlUnit} (${f.ocamlUnitFrom}) as `
        : '';
    return withOptional(
      {
        name: unitName ?? rule.pkg?.unit ?? baseName(installed.file),
        package: installed.package,
        language,
        evidence: installed.evidence,
      },
      {
        version: installed.version,
        library: library ?? installed.library,
        evidenceDetail: `${via}${installed.file}, listed by ${installed.source}${installed.ambiguous ? ' (base name also in other packages)' : ''}`,
      },
    );
  }
  if (rule.pkg) {
    const r = rule.pkg;
    const owner = r.packageOwnerOf && ctx.install ? findByBase(ctx.install, r.packageOwnerOf) : undefined;
    const name = r.unit ?? unitName ?? f.symbol ?? `[${r.id}]`;
    return withOptional(
      { name, package: owner?.package ?? (r.package as string), language, evidence: 'name-rule' },
      {
        version: owner?.version,
        library: r.library ?? library,
        evidenceDetail: `rule ${r.id}${owner ? ` (package that installed ${r.packageOwnerOf})` : ''}`,
      },
    );
  }
  if (input && !input.file.startsWith('/')) {
    // A relative path in the map is an object of the build itself, not one installed by a package.
    return withOptional(
      { name: unitName ?? objectLabel(input), package: ctx.ownPackage, language, evidence: 'linker-map' },
      { evidenceDetail: `${input.file} linked from the build directory` },
    );
  }
  if (unitName !== undefined) {
    const evidence = f.dwarf ? 'dwarf' : input ? 'linker-map' : 'unit-marker';
    return withOptional(
      { name: unitName, package: 'unknown', language, evidence },
      { library, evidenceDetail: 'no install list or rule names its package' },
    );
  }
  return { name: `[unattributed ${f.section}]`, package: '[unattributed]', language, evidence: 'unknown' };
}

/** Install-list lookup: the map's object path first (it is exact), then the OCaml unit's compiled interface. */
function findInstalled(index: InstallIndex, f: PlaceFacts): (InstallHit & { library?: string }) | undefined {
  if (f.mapInput) {
    // The map names the exact file; when no package installed it, a base-name match elsewhere
    // (a unit `Main` of the build against compiler-libs' main.cmx) would be a guess.
    const path = f.mapInput.archive ?? f.mapInput.file;
    const hit = path.startsWith('/') ? findByPath(index, path) : undefined;
    return hit ? { ...hit, library: ocamlLibraryDir(hit.file) } : undefined;
  }
  if (f.ocamlUnit !== undefined) {
    const hit = findByBase(index, `${unitObjectBase(f.ocamlUnit)}.cmx`);
    if (hit) return { ...hit, library: ocamlLibraryDir(hit.file) };
  }
  if (f.dwarf?.compDir !== undefined && !f.dwarf.name.startsWith('/')) {
    const hit = findByPath(index, `${f.dwarf.compDir}/${f.dwarf.name}`);
    if (hit) return hit;
  }
  return undefined;
}

function languageOf(f: PlaceFacts, rule: CompiledRule | undefined): Language {
  if (f.ocamlUnit !== undefined) return 'OCaml';
  if (f.dwarf) {
    const lang = f.dwarf.languageName;
    if (/^C(\d+|_plus_plus.*)?$/.test(lang) || lang.startsWith('C')) return 'C';
    if (/Assembler|asm/i.test(lang)) return 'assembly';
    if (lang === 'OCaml') return 'OCaml';
  }
  if (rule?.language) return rule.language;
  return f.exec ? 'unknown' : 'data';
}

/** `liblwt_unix_stubs.a(lwt_unix_stubs.o)` for archive members, else the object path. */
function objectLabel(input: MapInputEvidence): string {
  return input.archive !== undefined ? `${baseName(input.archive)}(${input.object})` : baseName(input.file);
}

function libraryOf(archive: string): string {
  return ocamlLibraryDir(archive) ?? baseName(archive);
}

/** `lwt/unix` for `/usr/lib/ocaml/lwt/unix/lwt_unix.a`: the findlib directory under the OCaml library root. */
function ocamlLibraryDir(path: string): string | undefined {
  const m = /\/lib\/ocaml\/(.+)\/[^/]+$/.exec(path);
  return m?.[1];
}

function withOptional(
  key: UnitKey,
  extra: { version?: string; library?: string; evidenceDetail?: string },
): UnitKey {
  const out = { ...key };
  if (extra.version !== undefined) out.version = extra.version;
  if (extra.library !== undefined) out.library = extra.library;
  if (extra.evidenceDetail !== undefined) out.evidenceDetail = extra.evidenceDetail;
  return out;
}

/**
 * The archive member that defined a symbol, when the installed archives agree on one package:
 * variants of one library (libasmrun.a, libasmrund.a, libasmrun_pic.a) all define `caml_alloc`,
 * and that is still one package; definitions from different packages are left undecided.
 */
export function pickArchiveDefinition(ctx: ResolverContext, symbol: string): ArchiveDefinition | undefined {
  const defs = ctx.archiveSymbols?.get(symbol);
  if (!defs || defs.length === 0 || !ctx.install) return undefined;
  if (defs.length === 1) return defs[0];
  const install = ctx.install;
  const packages = new Set(defs.map((d) => findByPath(install, d.archive)?.package));
  if (packages.size !== 1) return undefined;
  return [...defs].sort((a, b) => a.archive.length - b.archive.length || (a.archive < b.archive ? -1 : 1))[0];
}
