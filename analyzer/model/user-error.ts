/**
 * The one user-facing error type. Anything else that escapes to the CLI is a bug and prints its stack.
 * Each code has one entry in the catalogue: what went wrong, and how to fix it.
 */

/** Catalogue of user-facing problems: summary (what was wrong) and fix (what to do). */
export const ERROR_CATALOGUE = {
  USAGE: { summary: 'invalid command line', fix: 'run `tcbscope help` for the usage' },
  FILE_NOT_FOUND: { summary: 'cannot read file', fix: 'check the path' },
  INPUT_NOT_FILE: {
    summary: 'not a regular file',
    fix: 'pass a file; folders, FIFOs and devices are not read',
  },
  INPUT_TOO_LARGE: {
    summary: 'input too large',
    fix: 'pass a smaller file, or raise the limit (up to 2 GiB) with --max-input-size SIZE',
  },
  ELF_NOT_ELF: {
    summary: 'not an ELF file',
    fix: 'pass an ELF image (executable, shared object or object file)',
  },
  ELF_TRUNCATED: { summary: 'truncated ELF file', fix: 'the file is cut short; rebuild or re-download it' },
  ELF_BAD_FIELD: {
    summary: 'corrupt ELF structure',
    fix: 'the file is damaged or not a supported ELF variant',
  },
  DWARF_BAD: { summary: 'corrupt DWARF data', fix: 'rebuild with -g, or strip debug info' },
  MAP_BAD: { summary: 'unreadable linker map', fix: 'pass a GNU ld map written with -Wl,-Map=FILE' },
  META_BAD: { summary: 'unreadable package metadata', fix: 'check the metadata file' },
  RULES_BAD: {
    summary: 'invalid attribution rules',
    fix: 'see builder/rules/README.md for the rules format',
  },
  MANIFEST_BAD: { summary: 'invalid manifest', fix: 'regenerate the manifest with this tcbscope version' },
  MANIFEST_VERSION: {
    summary: 'unsupported manifest version',
    fix: 'regenerate the manifest with this tcbscope version',
  },
  OPAM_SYNTAX: {
    summary: 'opam syntax error',
    fix: 'fix the file; see the opam manual, section "File format"',
  },
  OPAM_BAD: { summary: 'inconsistent opam metadata', fix: 'regenerate the export or lock file' },
  DEP_CYCLE: {
    summary: 'dependency cycle',
    fix: 'the metadata declares a cycle between runtime dependencies',
  },
  PKG_NOT_FOUND: {
    summary: 'package not in the dependency graph',
    fix: 'check the package name against the manifest',
  },
  DEB_BAD: { summary: 'unreadable Debian data', fix: 'the .deb or index is damaged; download it again' },
  DEB_MISSING: { summary: 'package not in the Debian index', fix: 'check the name, or run `apt-get update`' },
  DEB_UNSATISFIABLE: { summary: 'unsatisfiable dependency', fix: 'no package in the index satisfies it' },
  DEB_NO_KERNEL: {
    summary: 'kernel package without a kernel image',
    fix: 'pass a linux-image-* package that ships /boot/vmlinuz-*',
  },
  JS_BAD: { summary: 'not a JavaScript bundle', fix: 'pass the .js file js_of_ocaml produced' },
  SOURCEMAP_BAD: {
    summary: 'source map does not match the bundle',
    fix: 'pass the map written with this bundle',
  },
  CONFIG_BAD: { summary: 'invalid configuration', fix: 'see the README section "tcbscope build"' },
  BUILD_FAILED: { summary: 'build failed', fix: 'see the build log tail above' },
  STORE_FOREIGN: {
    summary: 'not a tcbscope database',
    fix: 'pass --db a file tcbscope created, or a new path',
  },
  STORE_NEWER: {
    summary: 'database written by a newer tcbscope',
    fix: 'upgrade tcbscope, or pass --db a new path',
  },
  STORE_BUSY: {
    summary: 'the database stayed locked by other writers',
    fix: 'try again later: each write waits for the lock and retries for up to a minute',
  },
  STORE_UNREACHABLE: {
    summary: 'cannot connect to the PostgreSQL server',
    fix: 'check the postgres:// URL given to --db or TCBSCOPE_DB (host, port, user, database) and that the server runs',
  },
  TOKEN_EXISTS: {
    summary: 'a token of that name exists',
    fix: 'pick another name, or `tcbscope token revoke NAME` first',
  },
  TOKEN_NOT_FOUND: { summary: 'no token of that name', fix: 'see `tcbscope token list`' },
  TOKEN_FILE: {
    summary: 'cannot read the token file',
    fix: 'pass --token-file a file holding the token `tcbscope token create NAME` printed',
  },
  UPLOAD_REFUSED: {
    summary: 'the server refused the upload',
    fix: "see the server's message; check the token, the manifests and --server",
  },
  UPLOAD_FAILED: {
    summary: 'cannot reach the server',
    fix: 'check --server (http://HOST:PORT) and that `tcbscope serve` runs there',
  },
  STORE_CONFLICT: {
    summary: 'manifests do not form one build',
    fix: 'ingest one manifest per target, all of one job',
  },
  BUDGET_BAD: {
    summary: 'invalid budget',
    fix: 'see analyzer/gate/budget.schema.json and the README section "tcbscope gate"',
  },
  GATE_INPUT: {
    summary: 'cannot compare these builds',
    fix: 'pass --current and --baseline a manifest, a folder of per-target manifests, or db:JOB[@BUILD]',
  },
  DIFF_INPUT: {
    summary: 'cannot compare these builds',
    fix: 'pass BASE and HEAD each a manifest, a folder of per-target manifests, or db:JOB[@BUILD] (with --db FILE)',
  },
  ADVISORY_BAD: {
    summary: 'invalid OSV advisory',
    fix: 'pass OSV JSON files (id, modified, affected[].package, ranges with introduced/fixed events)',
  },
  MANIFEST_KIND: {
    summary: 'wrong kind of manifest',
    fix: 'pass image manifests (tcbscope inspect or build) as MANIFEST and a stack manifest (tcbscope stack) with --against',
  },
  OUTPUT_UNWRITABLE: {
    summary: 'cannot write the output file',
    fix: 'pass a path in a folder you can write to',
  },
  REPORT_CLIENT_MISSING: {
    summary: 'the report client is not built',
    fix: 'run `npm run build` (it writes dist/web/report)',
  },
  ADVISORY_NONE: {
    summary: 'no advisories found',
    fix: 'pass --advisories a folder that holds OSV .json files (searched recursively)',
  },
} as const;

/** A code from {@link ERROR_CATALOGUE}. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where in the input the problem is: a byte offset, a line/column, a key or a structure name. */
export interface ErrorLocation {
  /** The file (path as the user gave it, or a name such as `<stdin>`). */
  file?: string;
  /** Byte offset into the file. */
  offset?: number;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** The structure, key or field that was wrong (`section header 12`, `depends`). */
  at?: string;
}

/** A problem in the user's input or command line: printed as one line, exit code 2. */
export class UserError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, location: ErrorLocation = {}) {
    super(formatUserError(code, detail, location));
    this.name = 'UserError';
    this.code = code;
    this.detail = detail;
    this.location = location;
  }

  /** The same error, with the file name filled in by a caller that knows it (parsers take bytes). */
  inFile(file: string): UserError {
    return this.location.file ? this : new UserError(this.code, this.detail, { ...this.location, file });
  }
}

function formatUserError(code: ErrorCode, detail: string, loc: ErrorLocation): string {
  const entry = ERROR_CATALOGUE[code];
  const where: string[] = [];
  if (loc.at) where.push(loc.at);
  if (loc.offset !== undefined) where.push(`offset 0x${loc.offset.toString(16)}`);
  if (loc.line !== undefined)
    where.push(loc.column !== undefined ? `line ${loc.line}, column ${loc.column}` : `line ${loc.line}`);
  const head = loc.file ? `${loc.file}: ` : '';
  const at = where.length > 0 ? ` (${where.join(', ')})` : '';
  return keepOnOneLine(`${head}${entry.summary}: ${detail}${at}; ${entry.fix} [${code}]`);
}

// A message is one line wherever it goes (stderr, --json, the web API): names quoted from the input
// (a section or member name, a package label) may hold line breaks, which are written as escapes.
const LINE_BREAKS = /[\n\r\u0085\u2028\u2029]/g;

function keepOnOneLine(message: string): string {
  return message.replace(LINE_BREAKS, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
