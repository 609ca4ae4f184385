/**
 * The part of an OSV advisory (the Open Source Vulnerability format, schema_version 1.x) that
 * `tcbscope audit` reads; osv.schema.json checks exactly these fields, everything else is ignored.
 */

/** One event of a range: exactly one key. `introduced: "0"` means "from the first version". */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** A range of affected versions; only `ECOSYSTEM` ranges are compared (GIT ranges name commits). */
export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  events: OsvEvent[];
}

/** One affected package: its ecosystem (`opam`, `Debian`, `Debian:12`) and name, with ranges and/or versions. */
export interface OsvAffected {
  package: { ecosystem: string; name: string };
  ranges?: OsvRange[];
  versions?: string[];
}

/** A severity as OSV writes it: a type (`CVSS_V3`, `CVSS_V4`, ...) and a vector. */
export interface OsvSeverity {
  type: string;
  score: string;
}

/** One link of an advisory's `references`. */
export interface OsvReference {
  type: string;
  url: string;
}

/** An advisory as read from one OSV JSON file. */
export interface OsvAdvisory {
  id: string;
  modified: string;
  published?: string;
  /** Set when the advisory was retracted: it then matches nothing. */
  withdrawn?: string;
  summary?: string;
  /** The long description, in Markdown as OSV writes it. */
  details?: string;
  aliases?: string[];
  /** Links to the advisory, its fix, its report (OSV types: ADVISORY, FIX, REPORT, WEB, ...). */
  references?: OsvReference[];
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  /** GitHub's advisories put their qualitative rating here (`LOW`, `MODERATE`, `HIGH`, `CRITICAL`). */
  database_specific?: { severity?: string };
}

/** An advisory with the file it came from, so that every message about it can name the file. */
export interface LoadedAdvisory {
  file: string;
  advisory: OsvAdvisory;
}
