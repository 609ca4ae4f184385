import {
  ComponentScope,
  ComponentType,
  ExternalReferenceType,
  HashAlgorithm,
} from '@cyclonedx/cyclonedx-library/Enums';
import {
  Bom,
  Component,
  ExternalReference,
  LicenseExpression,
  NamedLicense,
  Property,
  SpdxLicense,
} from '@cyclonedx/cyclonedx-library/Models';
import { JSON as CdxJson, JsonSerializer } from '@cyclonedx/cyclonedx-library/Serialize';
import { Spec1dot6 } from '@cyclonedx/cyclonedx-library/Spec';
import { matchAdvisories } from '../../analyzer/advisories/match-advisories.js';
import type { LoadedAdvisory } from '../../analyzer/advisories/osv-advisory.js';
import type { DependencyEdge, DependencyPackage, Manifest } from '../../analyzer/model/manifest.js';
import { serialNumberFromSha256 } from './bom-serial-number.js';
import { buildBomVulnerabilities } from './bom-vulnerabilities.js';
import { chooseLicence } from './choose-licence.js';
import { packageUrlOf } from './package-url.js';

/** What the SBOM needs beside the manifest; the caller reads files and the clock, never this module. */
export interface SbomOptions {
  /**
   * SHA-256 (hex) of what the SBOM is made from (the manifest file, and the advisories when given):
   * the serial number is derived from it, so another input gives another serial number.
   */
  inputSha256: string;
  /** `metadata.timestamp`; left out when undefined, so that the same manifest gives the same SBOM. */
  timestamp?: Date;
  /**
   * OSV advisories to match against the packages (`tcbscope sbom --advisories`): the matches, made
   * by the same `matchAdvisories` as `tcbscope audit`, become the BOM's `vulnerabilities`.
   */
  advisories?: LoadedAdvisory[];
}

/** Namespace of the properties tcbscope adds where CycloneDX has no field of its own. */
const P = 'tcbscope:';

/** opam's checksum names, with the digest length in hex digits that CycloneDX checks. */
const CHECKSUM_ALGORITHMS: Record<string, [HashAlgorithm, number]> = {
  md5: [HashAlgorithm.MD5, 32],
  sha256: [HashAlgorithm['SHA-256'], 64],
  sha512: [HashAlgorithm['SHA-512'], 128],
};

/**
 * The manifest as a CycloneDX 1.6 BOM: the image is the metadata component (hash, build-id), the
 * dependency packages are the components (version, licence, hashes, purl, scope `required` when
 * reachable at run time and `excluded` when build-only), and the edges are the dependency graph.
 * Edge kinds, which CycloneDX's `dependsOn` cannot carry, are `tcbscope:edge-kinds` properties.
 * Given advisories, the packages they affect are the `vulnerabilities` (see bom-vulnerabilities.ts).
 */
export function buildCycloneDxBom(manifest: Manifest, options: SbomOptions): Bom {
  const bom = new Bom({ serialNumber: serialNumberFromSha256(options.inputSha256) });
  const image = imageComponent(manifest);
  bom.metadata.component = image;
  if (options.timestamp !== undefined) bom.metadata.timestamp = options.timestamp;
  bom.metadata.tools.components.add(
    new Component(ComponentType.Application, 'tcbscope', { version: manifest.provenance.toolVersion }),
  );
  for (const name of manifest.dependencies.unresolved)
    bom.metadata.properties.add(new Property(`${P}unresolved`, name));

  const byName = new Map<string, Component>();
  for (const pkg of manifest.dependencies.packages) {
    const component = packageComponent(pkg);
    byName.set(pkg.name, component);
    bom.components.add(component);
  }
  for (const [from, edges] of groupEdges(manifest.dependencies.edges)) {
    const source = byName.get(from);
    if (source === undefined) continue;
    for (const [to, kinds] of edges) {
      const target = byName.get(to);
      if (target === undefined) continue;
      source.dependencies.add(target.bomRef);
      source.properties.add(new Property(`${P}edge-kinds`, `${to}=${kinds.join(',')}`));
    }
  }
  for (const root of manifest.dependencies.roots) {
    const target = byName.get(root);
    if (target !== undefined) image.dependencies.add(target.bomRef);
  }
  if (options.advisories !== undefined) {
    const matches = matchAdvisories(manifest, options.advisories);
    for (const v of buildBomVulnerabilities(matches, options.advisories, byName)) bom.vulnerabilities.add(v);
  }
  return bom;
}

/** The BOM as CycloneDX 1.6 JSON, lists sorted so that the text is reproducible. */
export function renderCycloneDxJson(manifest: Manifest, options: SbomOptions): string {
  const serializer = new JsonSerializer(new CdxJson.Normalize.Factory(Spec1dot6));
  return serializer.serialize(buildCycloneDxBom(manifest, options), { sortLists: true, space: 2 }) + '\n';
}

function imageComponent(manifest: Manifest): Component {
  const id = manifest.identity;
  const type = manifest.kind === 'stack' ? ComponentType.Platform : ComponentType.Application;
  const image = new Component(type, id.name, { bomRef: `image:${id.name}` });
  // A metadata-only manifest (`tcbscope deps`) has no image: its sha256 is the lock file's, not the image's.
  if (id.format === 'metadata') image.properties.add(new Property(`${P}input-sha256`, id.sha256));
  else image.hashes.set(HashAlgorithm['SHA-256'], id.sha256);
  const facts: [string, string | number | undefined][] = [
    ['manifest-kind', manifest.kind],
    ['target', id.target],
    ['arch', id.arch],
    ['format', id.format],
    ['file-size', id.fileSize],
    ['memory-size', id.memorySize],
    ['build-id', id.buildId],
  ];
  for (const [name, value] of facts)
    if (value !== undefined) image.properties.add(new Property(`${P}${name}`, String(value)));
  return image;
}

function packageComponent(pkg: DependencyPackage): Component {
  const component = new Component(ComponentType.Library, pkg.name, {
    bomRef: `package:${pkg.name}`,
    scope: pkg.buildOnly ? ComponentScope.Excluded : ComponentScope.Required,
  });
  if (pkg.version !== undefined) component.version = pkg.version;
  const purl = packageUrlOf(pkg);
  if (purl !== undefined) component.purl = purl;
  if (pkg.sha256 !== undefined) component.hashes.set(HashAlgorithm['SHA-256'], pkg.sha256);
  if (pkg.licence !== undefined && pkg.licence.trim() !== '') {
    const choice = chooseLicence(pkg.licence);
    component.licenses.add(
      choice.kind === 'spdx'
        ? new SpdxLicense(choice.id)
        : choice.kind === 'expression'
          ? new LicenseExpression(choice.expression)
          : new NamedLicense(choice.name),
    );
  }
  if (pkg.homepage !== undefined && isIriReference(pkg.homepage))
    component.externalReferences.add(new ExternalReference(pkg.homepage, ExternalReferenceType.Website));
  if (pkg.source !== undefined && isIriReference(pkg.source.url))
    component.externalReferences.add(sourceReference(pkg.source));
  const facts: [string, string | number | boolean | undefined][] = [
    ['origin', pkg.origin],
    ['file-bytes', pkg.fileSize],
    // Whether the package puts bytes into the image, apart from whether it is needed at run time.
    ['contributes-bytes', pkg.fileSize > 0],
    ['build-only', pkg.buildOnly],
    ['vendored', pkg.vendored],
    ['resolved', pkg.resolved],
    ['installed-size', pkg.installedSize],
  ];
  for (const [name, value] of facts)
    if (value !== undefined) component.properties.add(new Property(`${P}${name}`, String(value)));
  return component;
}

function sourceReference(source: NonNullable<DependencyPackage['source']>): ExternalReference {
  const vcs = /^git\+|\.git$|^git:/.test(source.url);
  const ref = new ExternalReference(
    source.url,
    vcs ? ExternalReferenceType.VCS : ExternalReferenceType.SourceDistribution,
  );
  for (const checksum of source.checksums) {
    const [algorithm, value] = checksum.split('=', 2) as [string, string | undefined];
    const known = CHECKSUM_ALGORITHMS[algorithm.toLowerCase()];
    if (known !== undefined && value !== undefined && new RegExp(`^[0-9a-f]{${known[1]}}$`, 'i').test(value))
      ref.hashes.set(known[0], value.toLowerCase());
  }
  return ref;
}

/** Edges grouped by their source, then by their target, with the kinds of every edge between the two. */
function groupEdges(edges: DependencyEdge[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const e of edges) {
    const targets = out.get(e.from) ?? new Map<string, string[]>();
    out.set(e.from, targets);
    const kinds = targets.get(e.to) ?? [];
    if (!kinds.includes(e.kind)) kinds.push(e.kind);
    targets.set(e.to, kinds.sort());
  }
  return out;
}

/** CycloneDX types URLs as `iri-reference`: a scheme and no white space or characters IRIs forbid. */
function isIriReference(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(url);
}
