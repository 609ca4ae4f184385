import type { Evidence, Language } from '../../analyzer/model/manifest.js';
import type { UnitKey } from './attribution-builder.js';
import { matchRules, type CompiledRule, type RuleFacts } from './attribution-rules.js';
import { baseName, findByBase, findByPath, type InstallHit, type InstallIndex } from './install-index.js';
import { unitObjectBase } from './ocaml-symbols.js';
import { joinSourcePath, originOfPath, type DuniverseIndex, type PathOrigin } from './origin-paths.js';
import { sourceLanguage } from './source-language.js';

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
  /** The rest of the evidence of the unit that `fillBefore` belongs to, so its fill resolves like it. */
  fillOwner?: Pick<PlaceFacts, 'dwarf' | 'ocamlUnit' | 'ocamlUnitFrom'>;
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
  /** opam-monorepo's duniverse folders and the packages the lock file pins there. */
  duniverse?: DuniverseIndex;
}

/**
 * Decides the unit, package, language and evidence for one place, strongest evidence first:
 * install lists (the map's archive path, the OCaml unit's .cmx), then build paths that name a
 * package (opam, opam-monorepo, Debian), then name rules, then the build's own relative objects,
 * then `unknown`. Never guesses: each answer names what it rests on, and what else saw the unit.
 */
export function resolveUnit(ctx: ResolverContext, f: PlaceFacts): UnitKey {
  if (f.inFill) return resolveFill(ctx, f);
  const rule = matchRules(ctx.rules, ruleFactsOf(f));
  const input = f.mapInput;
  const place: Place = {
    f,
    name: f.ocamlUnit ?? f.dwarf?.name ?? (input ? objectLabel(input) : undefined),
    language: languageOf(f, rule.lang),
    library: input?.archive !== undefined ? libraryOf(input.archive) : undefined,
    seen: describeEvidence(f),
  };
  if (rule.pkg?.override) {
    // Sections the linker synthesises: the map lists them under the first input file only nominally.
    return {
      name: rule.pkg.unit ?? `[${f.section}]`,
      package: rule.pkg.package as string,
      language: rule.pkg.language ?? place.language,
      evidence: 'name-rule',
      evidenceDetail: `rule ${rule.pkg.id}`,
    };
  }
  const installed = ctx.install ? findInstalled(ctx.install, f) : undefined;
  if (installed) return fromInstalled(place, installed, rule.pkg);
  const origin = originOfPlace(ctx, f);
  if (origin) return fromOrigin(place, origin);
  if (rule.pkg) return fromRule(ctx, place, rule.pkg);
  return fromBuildOrUnknown(ctx, place);
}

/** No package evidence: the build's own objects (relative map paths), else `unknown` with why, else unattributed. */
function fromBuildOrUnknown(ctx: ResolverContext, place: Place): UnitKey {
  const { f } = place;
  const input = f.mapInput;
  if (input && !input.file.startsWith('/')) {
    // A relative path in the map is an object of the build itself, not one installed by a package.
    return withOptional(
      {
        name: place.name ?? objectLabel(input),
        package: ctx.ownPackage,
        language: place.language,
        evidence: 'linker-map',
      },
      { evidenceDetail: `${input.file} linked from the build directory${also(place)}` },
    );
  }
  if (place.name !== undefined) {
    const evidence = f.dwarf ? 'dwarf' : input ? 'linker-map' : 'unit-marker';
    return withOptional(
      { name: place.name, package: 'unknown', language: place.language, evidence },
      {
        library: place.library,
        evidenceDetail: `seen as ${place.seen.join(', ')}; no install list, build path or rule names its package`,
      },
    );
  }
  return {
    name: `[unattributed ${f.section}]`,
    package: '[unattributed]',
    language: place.language,
    evidence: 'unknown',
  };
}

/** What one resolution works from: the facts, and what follows from them before any package is known. */
interface Place {
  f: PlaceFacts;
  name: string | undefined;
  language: Language;
  library: string | undefined;
  /** Each kind of evidence that saw the unit, in words. */
  seen: string[];
}

function ruleFactsOf(f: PlaceFacts): RuleFacts {
  const facts: RuleFacts = { section: f.section };
  if (f.symbol !== undefined) facts.symbol = f.symbol;
  if (f.mapInput) {
    facts.object = baseName(f.mapInput.object);
    if (f.mapInput.archive !== undefined) facts.archive = baseName(f.mapInput.archive);
  }
  if (f.dwarf) {
    facts.dwarfUnit = f.dwarf.name;
    if (f.dwarf.compDir !== undefined) facts.dwarfDir = f.dwarf.compDir;
  }
  if (f.ocamlUnit !== undefined) facts.ocamlUnit = f.ocamlUnit;
  return facts;
}

/** Linker fill: the padding of the input section it aligns (the one right after it), else the linker's. */
function resolveFill(ctx: ResolverContext, f: PlaceFacts): UnitKey {
  if (!f.fillBefore)
    return {
      name: '[linker fill]',
      package: '[linker]',
      language: 'metadata',
      evidence: 'linker-map',
      evidenceDetail: `*fill* in ${f.section}`,
    };
  const owner = resolveUnit(ctx, {
    ...(f.fillOwner ?? {}),
    section: f.section,
    exec: f.exec,
    mapInput: f.fillBefore,
  });
  return {
    ...owner,
    name: '[alignment fill]',
    language: 'metadata',
    evidence: 'linker-map',
    evidenceDetail: `*fill* the linker inserted to align ${objectLabel(f.fillBefore)}`,
  };
}

function fromInstalled(
  place: Place,
  installed: InstallHit & { library?: string },
  rule?: CompiledRule,
): UnitKey {
  const { f } = place;
  const input = f.mapInput;
  const via = input
    ? `${objectLabel(input)} (${input.via === 'armap' ? 'defines the symbol, by its archive index' : 'map'}) in `
    : f.ocamlUnit
      ? `unit ${f.ocamlUnit} (${f.ocamlUnitFrom}) as `
      : '';
  return withOptional(
    {
      name: place.name ?? rule?.unit ?? baseName(installed.file),
      package: installed.package,
      language: place.language,
      evidence: installed.evidence,
    },
    {
      version: installed.version,
      library: place.library ?? installed.library,
      evidenceDetail: `${via}${installed.file}, listed by ${installed.source}${installed.ambiguous ? ' (base name also in other packages)' : ''}${also(place)}`,
    },
  );
}

/** A build path that names the package: the map's archive or object path first, then DWARF's source path. */
function originOfPlace(
  ctx: ResolverContext,
  f: PlaceFacts,
): (PathOrigin & { evidence: Evidence }) | undefined {
  const mapPath = f.mapInput ? (f.mapInput.archive ?? f.mapInput.file) : undefined;
  const fromMap = mapPath !== undefined ? originOfPath(mapPath, ctx.duniverse) : undefined;
  if (fromMap)
    return { ...fromMap, evidence: 'linker-map', detail: `${fromMap.detail} in the map's ${mapPath}` };
  if (!f.dwarf) return undefined;
  const source = joinSourcePath(f.dwarf.compDir, f.dwarf.name);
  const fromDwarf = originOfPath(source, ctx.duniverse);
  return fromDwarf
    ? { ...fromDwarf, evidence: 'dwarf', detail: `${fromDwarf.detail} in DWARF's ${source}` }
    : undefined;
}

function fromOrigin(place: Place, origin: PathOrigin & { evidence: Evidence }): UnitKey {
  return withOptional(
    {
      name: place.name ?? `[${origin.package}]`,
      package: origin.package,
      language: place.language,
      evidence: origin.evidence,
    },
    { version: origin.version, library: place.library, evidenceDetail: `${origin.detail}${also(place)}` },
  );
}

function fromRule(ctx: ResolverContext, place: Place, r: CompiledRule): UnitKey {
  const owner = r.packageOwnerOf && ctx.install ? findByBase(ctx.install, r.packageOwnerOf) : undefined;
  const name = r.unit ?? place.name ?? place.f.symbol ?? `[${r.id}]`;
  return withOptional(
    {
      name,
      package: owner?.package ?? (r.package as string),
      language: place.language,
      evidence: 'name-rule',
    },
    {
      version: owner?.version,
      library: r.library ?? place.library,
      evidenceDetail: `rule ${r.id}${owner ? ` (package that installed ${r.packageOwnerOf})` : ''}${also(place)}`,
    },
  );
}

/** Each kind of evidence that saw the unit: map member, DWARF unit (with its folder), OCaml unit. */
function describeEvidence(f: PlaceFacts): string[] {
  const seen: string[] = [];
  if (f.mapInput) seen.push(`map ${objectLabel(f.mapInput)}`);
  if (f.dwarf)
    seen.push(`DWARF ${f.dwarf.name}${f.dwarf.compDir !== undefined ? ` in ${f.dwarf.compDir}` : ''}`);
  if (f.ocamlUnit !== undefined) seen.push(`OCaml unit ${f.ocamlUnit} (${f.ocamlUnitFrom ?? 'symbol'})`);
  return seen;
}

function also(place: Place): string {
  return place.seen.length > 0 ? `; seen as ${place.seen.join(', ')}` : '';
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
  // The source name first (`.ml` is OCaml whatever DWARF's language code says), then the OCaml unit.
  const fromName = f.dwarf ? sourceLanguage(f.dwarf.name) : undefined;
  if (fromName === 'OCaml' || f.ocamlUnit !== undefined) return 'OCaml';
  if (fromName !== undefined) return fromName;
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
