import { UserError } from '../../analyzer/model/user-error.js';
import { readElf, sectionBytes } from '../elf/read-elf.js';
import type { ElfFile } from '../elf/read-elf.js';

/** One kernel module file of a kernel package. */
export interface KernelModuleFile {
  /** Module name as modprobe knows it (dashes become underscores). */
  name: string;
  path: string;
  data: Uint8Array;
}

/** A selected module, parsed, with the modules its `.modinfo` says it depends on. */
export interface SelectedModule {
  name: string;
  path: string;
  elf: ElfFile;
  depends: string[];
}

/** Module name from a `.ko` path: basename without `.ko`, `-` read as `_` (modprobe's rule). */
export function moduleNameOf(path: string): string {
  return path
    .slice(path.lastIndexOf('/') + 1)
    .replace(/\.ko(\.(xz|zst|gz))?$/, '')
    .replace(/-/g, '_');
}

/** The `.modinfo` section's `key=value` strings (NUL-separated). */
export function readModinfo(elf: ElfFile): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const section = elf.sections.find((s) => s.name === '.modinfo');
  if (!section) return out;
  const text = new TextDecoder().decode(sectionBytes(elf, section));
  for (const item of text.split('\0')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const key = item.slice(0, eq);
    out.set(key, [...(out.get(key) ?? []), item.slice(eq + 1)]);
  }
  return out;
}

/**
 * Selects modules: `'all'` takes every file (an upper bound); a list takes the named modules and,
 * transitively, what their `depends=` names. A name the package does not ship throws `DEB_MISSING`.
 */
export function selectKernelModules(
  files: KernelModuleFile[],
  wanted: 'all' | string[],
  kernelPackage: string,
): SelectedModule[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const selected = new Map<string, SelectedModule>();
  const load = (file: KernelModuleFile): SelectedModule => {
    let elf: ElfFile;
    try {
      elf = readElf(file.data);
    } catch (error) {
      throw error instanceof UserError ? error.inFile(`${kernelPackage}:${file.path}`) : error;
    }
    const depends = (readModinfo(elf).get('depends') ?? [])
      .flatMap((d) => d.split(','))
      .filter(Boolean)
      .map((d) => d.replace(/-/g, '_'));
    return { name: file.name, path: file.path, elf, depends };
  };
  const queue: string[] =
    wanted === 'all' ? [...byName.keys()] : wanted.map((w) => w.trim().replace(/-/g, '_')).filter(Boolean);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (selected.has(name)) continue;
    const file = byName.get(name);
    if (!file) {
      throw new UserError(
        'DEB_MISSING',
        `kernel module "${name}" is not shipped by ${kernelPackage} (it may be built into the kernel image: check /boot/config-*, or drop it from --modules)`,
        { at: name },
      );
    }
    const module = load(file);
    selected.set(name, module);
    queue.push(...module.depends);
  }
  return [...selected.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
