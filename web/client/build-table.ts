import type { BuildResponse } from '../server/api-types.js';
import { formatBytes, formatCount, formatShare } from '../../reports/format-number.js';

/** One cell of the build table: its text, and optionally a link and a tooltip. */
export interface TableCell {
  text: string;
  href?: string;
  title?: string;
}

/** One row of the build table: what is measured, how, and one cell per target. */
export interface TableRow {
  label: string;
  /** How the figure is measured (the row header's tooltip). */
  definition: string;
  cells: TableCell[];
}

// The table needs the figures only: the page draws the diagnostics apart.
type Target = Omit<BuildResponse['targets'][number], 'diagnostics'>;

/**
 * The build page's table: the build's targets as columns, side by side, one row per figure.
 * Pure, so that its rows are tested without a browser; the page only draws them.
 */
export function buildTargetTable(targets: readonly Target[]): { columns: TableCell[]; rows: TableRow[] } {
  const first = targets[0];
  const bytes = (n: number): TableCell => ({ text: formatCount(n), title: formatBytes(n) });
  const row = (label: string, definition: string, cell: (t: Target) => TableCell): TableRow => ({
    label,
    definition,
    cells: targets.map(cell),
  });
  return {
    columns: targets.map((t) => ({
      text: t.target,
      href: `/images/${t.imageId}`,
      title: `${t.name}: ${t.format} for ${t.arch}`,
    })),
    rows: [
      row('Architecture', 'from the ELF header, or "js" for a JavaScript bundle', (t) => ({
        text: `${t.arch} (${t.format})`,
      })),
      row('File bytes', 'the size of the image file; every byte is attributed on the image page', (t) =>
        bytes(t.fileSize),
      ),
      row('Memory bytes', 'bytes once loaded: allocated sections, .bss included', (t) => bytes(t.memorySize)),
      row(
        'Code bytes',
        'bytes of executable sections; for js, the bundle without whitespace and comments',
        (t) => bytes(t.codeSize),
      ),
      row(
        'Linked packages',
        'real packages (not [bracketed], not unknown) that put at least one byte in the image',
        (t) => ({ text: formatCount(t.linkedPackages) }),
      ),
      row(
        'Dependency graph',
        'packages of the build metadata, and how many of them only build the image',
        (t) => ({ text: `${formatCount(t.graphPackages)} (${formatCount(t.buildOnlyPackages)} build-only)` }),
      ),
      row(
        'C and assembly',
        'share of code bytes (executable sections) of known language whose unit is written in C or assembly',
        (t) => ({ text: formatShare(t.cAsmShare), title: `${formatCount(t.cAsmBytes)} code bytes` }),
      ),
      row('Declared devices', 'devices of the Solo5 manifest note', (t) => ({
        text: t.devices.length === 0 ? '–' : t.devices.map((d) => `${d.name} (${d.kind})`).join(', '),
      })),
      row(
        'Host libraries',
        'shared objects loaded from the host (DT_NEEDED): outside the image, inside its TCB',
        (t) => ({ text: t.needed.length === 0 ? '–' : t.needed.join(', ') }),
      ),
      row('Download (gzip / brotli)', 'what a browser downloads, for js bundles', (t) => ({
        text: t.downloads ? `${formatCount(t.downloads.gzip)} / ${formatCount(t.downloads.brotli)}` : '–',
      })),
      row(
        'Warnings',
        'warning diagnostics recorded in the manifest; their text is listed under Diagnostics',
        (t) => ({
          text: formatCount(t.warnings),
        }),
      ),
      row('sha256', 'of the image file', (t) => ({ text: t.sha256.slice(0, 12), title: t.sha256 })),
      row('Diff', `what changed from the first target (${first?.target ?? '–'})`, (t) =>
        first === undefined || t.imageId === first.imageId
          ? { text: '–' }
          : {
              text: `${first.target} → ${t.target}`,
              href: `/compare?base=${first.imageId}&head=${t.imageId}`,
            },
      ),
    ],
  };
}
