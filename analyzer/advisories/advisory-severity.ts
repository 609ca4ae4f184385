import { computeCvssV3BaseScore } from './cvss-v3-score.js';
import type { OsvAdvisory } from './osv-advisory.js';

/** The severity levels `--fail-on` takes, lowest first. */
export const SEVERITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/** A severity level; `unknown` when the advisory gives none tcbscope can rate. */
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** An advisory's severity and where it came from. */
export interface AdvisorySeverity {
  level: SeverityLevel | 'unknown';
  /** CVSS base score, when computed from a CVSS v3 vector. */
  score?: number;
  /** The vector or rating as the advisory wrote it. */
  vector?: string;
  /** `CVSS_V3`, `database_specific.severity`, or why the level is unknown. */
  source: string;
}

/** True when `name` is a level `--fail-on` accepts. */
export function isSeverityLevel(name: string): name is SeverityLevel {
  return (SEVERITY_LEVELS as readonly string[]).includes(name);
}

/** Rank for sorting and thresholds: unknown ranks above critical, so an unrated advisory is never passed. */
export function severityRank(level: SeverityLevel | 'unknown'): number {
  return level === 'unknown' ? SEVERITY_LEVELS.length : SEVERITY_LEVELS.indexOf(level);
}

// GitHub writes MODERATE where CVSS says medium.
const DATABASE_LEVELS: Record<string, SeverityLevel> = {
  LOW: 'low',
  MODERATE: 'medium',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};

/**
 * The severity of an advisory: a CVSS v3 vector's base score, rated as CVSS v3.1 does (0.1–3.9 low,
 * 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical; 0.0 counts as low), else the database's own
 * rating, else `unknown` with the reason (a CVSS v4 vector is not scored: its score comes from
 * FIRST's table of macro-vectors, which tcbscope does not carry). `vectorError` is called with the
 * index of a CVSS v3 entry whose vector is not valid.
 */
export function severityOf(
  advisory: OsvAdvisory,
  vectorError: (index: number, why: string) => never,
): AdvisorySeverity {
  const entries = advisory.severity ?? [];
  const v3 = entries.findIndex((s) => s.type === 'CVSS_V3');
  if (v3 >= 0) {
    const vector = (entries[v3] as { score: string }).score;
    const result = computeCvssV3BaseScore(vector);
    if ('error' in result) return vectorError(v3, result.error);
    return { level: levelOfScore(result.score), score: result.score, vector, source: 'CVSS_V3' };
  }
  const rating = advisory.database_specific?.severity;
  const level = rating !== undefined ? DATABASE_LEVELS[rating.toUpperCase()] : undefined;
  if (rating !== undefined && level !== undefined)
    return { level, vector: rating, source: 'database_specific.severity' };
  const other = entries[0];
  if (other !== undefined)
    return { level: 'unknown', vector: other.score, source: `${other.type} not scored by tcbscope` };
  return { level: 'unknown', source: 'no severity in the advisory' };
}

function levelOfScore(score: number): SeverityLevel {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
