import { basename, resolve } from 'node:path';
import type { Diagnostic, Manifest, ProvenanceInput } from '../analyzer/model/manifest.js';
import { UserError } from '../analyzer/model/user-error.js';
import { buildStackManifest } from '../builder/debian/build-stack-manifest.js';
import type { StackKernelInput } from '../builder/debian/build-stack-manifest.js';
import { readBzImage } from '../builder/debian/read-bzimage.js';
import { readDeb } from '../builder/debian/read-deb.js';
import type { DebContents } from '../builder/debian/read-deb.js';
import type { DebPackageRecord } from '../builder/debian/read-packages-index.js';
import { buildDebIndex, resolveClosure } from '../builder/debian/resolve-closure.js';
import { readDebianCopyrightLicence } from '../builder/debian/read-debian-copyright.js';
import { resolveLoadedFiles } from '../builder/debian/resolve-loaded-files.js';
import type { TreeEntry } from '../builder/debian/resolve-loaded-files.js';
import { moduleNameOf, selectKernelModules } from '../builder/debian/select-kernel-modules.js';
import { isElf } from '../builder/elf/elf-magic.js';
import { readElf } from '../builder/elf/read-elf.js';
import { DEBIAN_DECOMPRESSORS } from './io/debian-decompressors.js';
import { fetchDeb, findAptIndexes, readIndexFiles } from './io/debian-fetch.js';
import { sha256Hex } from './io/read-input-file.js';
import { readToolVersion } from './io/tool-version.js';

/** Options of `tcbscope stack`, as given on the command line. */
export interface StackOptions {
  name: string;
  roots: string[];
  kernel?: string;
  /** `all`, or module names. */
  modules?: 'all' | string[];
  /** A folder of `.deb` files to use before the cache and apt-get. */
  debs?: string;
  /** `Packages` index files; default: apt's lists. */
  indexes?: string[];
  target: string;
  distribution: string;
  cacheDir: string;
  command: string[];
  /** The day of the measurement (YYYY-MM-DD), recorded as `provenance.environment.measured`. */
  measured?: string;
  log(line: string): void;
}

/** Folders whose ELF files of the root packages are the service's programs. */
const PROGRAM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Resolves, fetches, verifies and reads every package of the stack, and builds its manifest. */
export function buildStack(options: StackOptions): Manifest {
  const indexPaths = options.indexes ?? findAptIndexes();
  options.log(`reading ${indexPaths.length} Packages index(es)`);
  const { records, inputs: indexInputs } = readIndexFiles(indexPaths);
  const index = buildDebIndex(records);
  const roots = options.kernel ? [...options.roots, options.kernel] : options.roots;
  const closure = resolveClosure(index, roots);
  options.log(`closure of ${roots.join(', ')}: ${closure.packages.length} packages`);

  const fetch = (
    record: DebPackageRecord,
  ): { contents: DebContents; sha256: string; size: number; path: string; file: string } => {
    const deb = fetchDeb(record, { cacheDir: options.cacheDir, debsDir: options.debs, log: options.log });
    const contents = readDeb(deb.bytes, DEBIAN_DECOMPRESSORS, deb.path);
    return {
      contents,
      sha256: deb.sha256,
      size: deb.bytes.length,
      path: record.filename ?? basename(deb.path),
      file: deb.path,
    };
  };
  const debs = new Map<string, { sha256: string; size: number; path: string }>();
  const diagnostics: Diagnostic[] = [];

  // Licences from the packages' own machine-readable copyright files (DEP-5), when they have one.
  const licences = new Map<string, string>();
  const noteLicence = (pkg: string, contents: DebContents): void => {
    const copyright = contents.files.find(
      (f) => f.type === 'file' && f.path === `/usr/share/doc/${pkg}/copyright`,
    );
    const licence = copyright
      ? readDebianCopyrightLicence(new TextDecoder().decode(copyright.data))
      : undefined;
    if (licence !== undefined) licences.set(pkg, licence);
  };

  // The kernel first: a package without an image should fail before anything else is downloaded.
  let kernel: StackKernelInput | undefined;
  if (options.kernel) {
    const record = closure.packages.find((p) => p.package === options.kernel) as DebPackageRecord;
    const deb = fetch(record);
    debs.set(record.package, { sha256: deb.sha256, size: deb.size, path: deb.path });
    noteLicence(record.package, deb.contents);
    kernel = readKernel(record, deb.contents, deb.file, options.modules ?? []);
    options.log(
      `kernel ${record.package}: vmlinux ${kernel.vmlinux.fileSize} bytes, ${kernel.modules.selected.length} module(s)`,
    );
  }

  const tree = new Map<string, TreeEntry>();
  const programs: string[] = [];
  for (const record of closure.packages) {
    if (record.package === options.kernel) continue;
    const deb = fetch(record);
    debs.set(record.package, { sha256: deb.sha256, size: deb.size, path: deb.path });
    const isRoot = options.roots.includes(record.package);
    noteLicence(record.package, deb.contents);
    for (const file of deb.contents.files) {
      if (file.type === 'symlink' && file.linkTarget !== undefined)
        tree.set(file.path, { package: record.package, linkTarget: file.linkTarget });
      else if (file.type === 'file' && isElf(file.data)) {
        // Copy out only ELF files, so the decompressed data archive can be freed.
        tree.set(file.path, { package: record.package, data: file.data.slice() });
        if (isRoot && PROGRAM_DIRS.includes(file.path.slice(0, file.path.lastIndexOf('/'))))
          programs.push(file.path);
      }
    }
  }
  if (programs.length === 0)
    throw new UserError(
      'DEB_MISSING',
      `the root packages ${options.roots.join(', ')} ship no ELF program in ${PROGRAM_DIRS.join(', ')}`,
      { at: options.roots.join(',') },
    );
  const { loaded, unresolved } = resolveLoadedFiles(tree, programs.sort());
  for (const u of unresolved)
    diagnostics.push({
      code: 'needed-unresolved',
      severity: 'warning',
      message: `${u.from} needs ${u.needed}, which no package of the closure ships`,
      file: u.from,
      at: 'DT_NEEDED',
    });
  options.log(`${programs.length} program(s), ${loaded.length} loaded ELF file(s)`);

  const digest = sha256Hex(
    new TextEncoder().encode(
      [...debs.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([n, d]) => `${n} ${d.sha256}\n`)
        .join(''),
    ),
  );
  const extraInputs: ProvenanceInput[] = indexInputs;
  return buildStackManifest({
    name: options.name,
    target: options.target,
    distribution: options.distribution,
    roots: options.roots,
    closure,
    debs,
    licences,
    loaded,
    ...(kernel ? { kernel } : {}),
    sha256: digest,
    toolVersion: readToolVersion(),
    command: options.command,
    environment: {
      distribution: options.distribution,
      indexes: indexPaths.map((p) => basename(p)).join(' '),
      ...(options.measured !== undefined ? { measured: options.measured } : {}),
    },
    extraInputs,
    diagnostics,
  });
}

/** The kernel image (`/boot/vmlinuz-*`, decompressed) and the selected modules of a kernel package. */
function readKernel(
  record: DebPackageRecord,
  contents: DebContents,
  file: string,
  modules: 'all' | string[],
): StackKernelInput {
  const image = contents.files.find((f) => f.type === 'file' && /^\/boot\/vmlinuz-/.test(f.path));
  if (!image)
    throw new UserError(
      'DEB_NO_KERNEL',
      `${record.package} ${record.version} ships no /boot/vmlinuz-* file`,
      { file, at: record.package },
    );
  const where = `${resolve(file)}:${image.path}`;
  const bz = readBzImage(image.data, DEBIAN_DECOMPRESSORS, where);
  let vmlinux;
  try {
    vmlinux = readElf(bz.vmlinux);
  } catch (error) {
    throw error instanceof UserError ? error.inFile(`${where} (decompressed)`) : error;
  }
  const moduleFiles = contents.files
    .filter((f) => f.type === 'file' && f.path.startsWith('/lib/modules/') && f.path.endsWith('.ko'))
    .map((f) => ({ name: moduleNameOf(f.path), path: f.path, data: f.data }));
  const selected =
    modules === 'all' || modules.length > 0 ? selectKernelModules(moduleFiles, modules, record.package) : [];
  return {
    package: record.package,
    version: record.version,
    image: image.path,
    format: `bzImage+${bz.compression}`,
    compressedSize: image.size,
    vmlinux,
    modules: { mode: modules === 'all' ? 'all' : 'list', selected },
  };
}
