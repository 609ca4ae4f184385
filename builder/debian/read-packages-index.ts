import { UserError } from '../../analyzer/model/user-error.js';
import { getField, parseDeb822 } from './parse-deb822.js';

/** One binary package record of a `Packages` index (or a `.deb`'s control file). */
export interface DebPackageRecord {
  package: string;
  version: string;
  architecture: string;
  /** `Installed-Size` as written: KiB. */
  installedSizeKiB?: number;
  depends?: string;
  preDepends?: string;
  provides?: string;
  filename?: string;
  sha256?: string;
  /** `.deb` size in bytes. */
  size?: number;
  source?: string;
  section?: string;
  homepage?: string;
  /** The index file and line it came from, for messages. */
  origin?: { file?: string; line: number };
}

/** Reads a `Packages` index: one record per paragraph; `Package` and `Version` are required. */
export function readPackagesIndex(text: string, file?: string): DebPackageRecord[] {
  return parseDeb822(text, file).map((paragraph) => {
    const get = (name: string): string | undefined => getField(paragraph, name);
    const pkg = get('Package');
    const version = get('Version');
    if (!pkg || !version) {
      throw new UserError('DEB_BAD', `paragraph without ${pkg ? 'Version' : 'Package'}`, {
        file,
        line: paragraph.line,
      });
    }
    const record: DebPackageRecord = {
      package: pkg,
      version,
      architecture: get('Architecture') ?? 'all',
      origin: { file, line: paragraph.line },
    };
    const installed = readInteger(get('Installed-Size'), 'Installed-Size', file, paragraph.line);
    if (installed !== undefined) record.installedSizeKiB = installed;
    const size = readInteger(get('Size'), 'Size', file, paragraph.line);
    if (size !== undefined) record.size = size;
    assignIf(record, 'depends', get('Depends'));
    assignIf(record, 'preDepends', get('Pre-Depends'));
    assignIf(record, 'provides', get('Provides'));
    assignIf(record, 'filename', get('Filename'));
    assignIf(record, 'sha256', get('SHA256'));
    assignIf(record, 'source', get('Source'));
    assignIf(record, 'section', get('Section'));
    assignIf(record, 'homepage', get('Homepage'));
    return record;
  });
}

/** The source package name, from `Source: name (version)` or the binary name when absent. */
export function readSourceName(record: DebPackageRecord): string {
  return record.source ? (record.source.split(/\s+/)[0] ?? record.package) : record.package;
}

function readInteger(
  value: string | undefined,
  field: string,
  file: string | undefined,
  line: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UserError('DEB_BAD', `${field} is not a whole number: ${JSON.stringify(value)}`, {
      file,
      line,
      at: field,
    });
  return Number(value);
}

function assignIf<K extends keyof DebPackageRecord>(
  record: DebPackageRecord,
  key: K,
  value: DebPackageRecord[K] | undefined,
): void {
  if (value !== undefined && value !== '') record[key] = value;
}
