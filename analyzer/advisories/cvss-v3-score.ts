/**
 * The CVSS v3.0/v3.1 base score of a vector string, by the formula of the CVSS v3.1 specification
 * (section 7): v3.0 and v3.1 share the base metrics and weights, and v3.1's Roundup (integer
 * arithmetic) is the one that gives the published scores without floating-point slips.
 */

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
} as const;
// Privileges Required weighs more when the scope changes.
const PR_UNCHANGED = { N: 0.85, L: 0.62, H: 0.27 } as const;
const PR_CHANGED = { N: 0.85, L: 0.68, H: 0.5 } as const;
const BASE_METRICS = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'] as const;

/** A base score (0.0–10.0), or why the vector is not a CVSS v3 vector (naming the metric). */
export type CvssV3Result = { score: number } | { error: string };

/** Computes the base score; temporal and environmental metrics in the vector are ignored. */
export function computeCvssV3BaseScore(vector: string): CvssV3Result {
  const [head, ...parts] = vector.split('/');
  if (head !== 'CVSS:3.0' && head !== 'CVSS:3.1')
    return { error: 'does not start with CVSS:3.0/ or CVSS:3.1/' };
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key, value] = part.split(':');
    if (key === undefined || value === undefined || value === '') return { error: `bad metric "${part}"` };
    if (metrics.has(key)) return { error: `metric ${key} given twice` };
    metrics.set(key, value);
  }
  const missing = BASE_METRICS.find((m) => !metrics.has(m));
  if (missing !== undefined) return { error: `base metric ${missing} is missing` };
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return { error: `S:${scope} is not U or C` };
  const w: Record<string, number> = {};
  for (const m of ['AV', 'AC', 'UI', 'C', 'I', 'A'] as const) {
    const value = (WEIGHTS[m] as Record<string, number>)[metrics.get(m) as string];
    if (value === undefined) return { error: `${m}:${metrics.get(m)} is not a CVSS v3 value` };
    w[m] = value;
  }
  const pr = ((scope === 'C' ? PR_CHANGED : PR_UNCHANGED) as Record<string, number>)[
    metrics.get('PR') as string
  ];
  if (pr === undefined) return { error: `PR:${metrics.get('PR')} is not a CVSS v3 value` };
  const iss = 1 - (1 - (w.C as number)) * (1 - (w.I as number)) * (1 - (w.A as number));
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * (w.AV as number) * (w.AC as number) * pr * (w.UI as number);
  if (impact <= 0) return { score: 0 };
  const sum = scope === 'U' ? impact + exploitability : 1.08 * (impact + exploitability);
  return { score: roundUp(Math.min(sum, 10)) };
}

/** CVSS v3.1's Roundup: the smallest number with one decimal that is at least the input. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}
