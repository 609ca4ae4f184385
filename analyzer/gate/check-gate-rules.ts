import { GATE_SIZE_METRICS, type GateSizeMetric } from './budget.js';
import type { RuleResult } from './gate-result.js';
import type { GateMetrics } from './measure-gate-metrics.js';
import { findMatchingPattern } from './match-name-pattern.js';
import type { ResolvedLimit, ResolvedRules } from './resolve-target-rules.js';

const METRIC_LABEL: Record<GateSizeMetric, string> = { file: 'file', loaded: 'loaded', code: 'code' };

/** Ceilings: limits on the current build alone. */
export function checkCeilingRules(target: string, rules: ResolvedRules, now: GateMetrics): RuleResult[] {
  const ceilings: [keyof ResolvedRules, number, string][] = [
    ['maxFileBytes', now.file, 'file bytes'],
    ['maxLoadedBytes', now.loaded, 'loaded bytes'],
    ['maxCodeBytes', now.code, 'code bytes'],
    ['maxPackages', now.packages.size, 'packages'],
    ['maxCAndAssemblyBytes', now.cAndAssembly, 'C and assembly code bytes'],
  ];
  return ceilings.flatMap(([rule, measured, what]) => {
    const limit = rules[rule] as ResolvedLimit<number> | undefined;
    if (!limit) return [];
    const fail = measured > limit.value;
    return [
      result(
        target,
        rule,
        limit,
        measured,
        undefined,
        fail,
        `${what} ${measured} ${fail ? 'exceed' : 'within'} ${limit.value}`,
      ),
    ];
  });
}

/** Packages and licences that may not appear in the current build. */
export function checkCurrentListRules(target: string, rules: ResolvedRules, now: GateMetrics): RuleResult[] {
  const out: RuleResult[] = [];
  const names = [...now.packages.keys()].sort();
  if (rules.forbiddenPackages) {
    const hits = names.filter((n) => findMatchingPattern(n, rules.forbiddenPackages!.value) !== undefined);
    out.push(listResult(target, 'forbiddenPackages', rules.forbiddenPackages, hits, 'forbidden package'));
  }
  if (rules.forbiddenLicences) {
    const hits = names.filter((n) => {
      const licence = now.licences.get(n);
      return (
        licence !== undefined && findMatchingPattern(licence, rules.forbiddenLicences!.value) !== undefined
      );
    });
    const labelled = hits.map((n) => `${n} (${now.licences.get(n)})`);
    out.push(
      listResult(
        target,
        'forbiddenLicences',
        rules.forbiddenLicences,
        labelled,
        'package under a forbidden licence',
      ),
    );
  }
  return out;
}

/** Growth, new packages and new C/assembly: rules that compare with the baseline. */
export function checkBaselineRules(
  target: string,
  rules: ResolvedRules,
  now: GateMetrics,
  then: GateMetrics | undefined,
): RuleResult[] {
  const out: RuleResult[] = [];
  for (const metric of GATE_SIZE_METRICS) {
    for (const [rule, growth] of GROWTH_RULES) {
      const limit = rules[rule][metric];
      if (limit)
        out.push(
          growthResult(
            target,
            `${rule}.${metric}`,
            limit,
            now[metric],
            then?.[metric],
            `${METRIC_LABEL[metric]} bytes`,
            growth,
          ),
        );
    }
  }
  if (rules.maxNewCAndAssemblyBytes)
    out.push(
      growthResult(
        target,
        'maxNewCAndAssemblyBytes',
        rules.maxNewCAndAssemblyBytes,
        now.cAndAssembly,
        then?.cAndAssembly,
        'C and assembly code bytes',
        BYTE_GROWTH,
      ),
    );
  out.push(...checkPackageGrowth(target, rules, now, then));
  if (rules.allowNewPackages) {
    if (!then) out.push(skipped(target, 'allowNewPackages', rules.allowNewPackages));
    else {
      const added = [...now.packages.keys()].filter((n) => !then.packages.has(n)).sort();
      const refused = added.filter(
        (n) => findMatchingPattern(n, rules.allowNewPackages!.value) === undefined,
      );
      out.push(
        listResult(
          target,
          'allowNewPackages',
          rules.allowNewPackages,
          refused,
          'new package outside the allow-list',
        ),
      );
    }
  }
  return out;
}

function checkPackageGrowth(
  target: string,
  rules: ResolvedRules,
  now: GateMetrics,
  then: GateMetrics | undefined,
): RuleResult[] {
  const checks: [string, ResolvedLimit<number> | undefined, (grew: number, was: number) => number][] = [
    ['maxPackageGrowthBytes', rules.maxPackageGrowthBytes, (grew) => grew],
    ['maxPackageGrowthPercent', rules.maxPackageGrowthPercent, (grew, was) => percentOf(grew, was)],
  ];
  return checks.flatMap(([rule, limit, measure]) => {
    if (!limit) return [];
    if (!then) return [skipped(target, rule, limit)];
    const over = [...now.packages]
      .filter(([name]) => then.packages.has(name))
      .map(([name, size]) => ({
        name,
        grew: size - (then.packages.get(name) as number),
        was: then.packages.get(name) as number,
      }))
      .filter((p) => measure(p.grew, p.was) > limit.value)
      .map((p) => `${p.name} (+${p.grew})`)
      .sort();
    return [
      listResult(
        target,
        rule,
        { value: [String(limit.value)], where: limit.where },
        over,
        'package grew beyond the limit',
      ),
    ];
  });
}

/** How a growth rule measures the change from the baseline, and how it shows that and its limit. */
interface GrowthMeasure {
  grew(now: number, then: number): number;
  show(grew: number): string;
  showLimit(limit: number): string;
}

const BYTE_GROWTH: GrowthMeasure = { grew: (now, then) => now - then, show: signed, showLimit: signed };

const PERCENT_GROWTH: GrowthMeasure = {
  grew: (now, then) => percentOf(now - then, then),
  show: (grew) => (Number.isFinite(grew) ? `${signed(Number(grew.toPrecision(3)))}%` : 'from nothing'),
  showLimit: (limit) => `+${limit}%`,
};

/** The per-metric growth rules, in the order the gate reports them. */
const GROWTH_RULES = [
  ['maxGrowthBytes', BYTE_GROWTH],
  ['maxGrowthPercent', PERCENT_GROWTH],
] as const;

/** A growth rule: skipped without a baseline, else failed when the growth exceeds the limit. */
function growthResult(
  target: string,
  rule: string,
  limit: ResolvedLimit<number>,
  now: number,
  then: number | undefined,
  what: string,
  growth: GrowthMeasure,
): RuleResult {
  if (then === undefined) return skipped(target, rule, limit);
  const grew = growth.grew(now, then);
  return result(
    target,
    rule,
    limit,
    now,
    then,
    grew > limit.value,
    `${what} ${then} → ${now} (${growth.show(grew)}), limit ${growth.showLimit(limit.value)}`,
  );
}

function percentOf(delta: number, base: number): number {
  if (base === 0) return delta > 0 ? Infinity : 0;
  return (delta / base) * 100;
}

function listResult(
  target: string,
  rule: string,
  limit: ResolvedLimit<string[]>,
  hits: string[],
  what: string,
): RuleResult {
  const message =
    hits.length === 0 ? `no ${what}` : `${what}${hits.length > 1 ? 's' : ''}: ${hits.join(', ')}`;
  return {
    target,
    rule,
    status: hits.length === 0 ? 'pass' : 'fail',
    limit: limit.value,
    measured: hits,
    where: limit.where,
    message,
  };
}

function skipped(target: string, rule: string, limit: ResolvedLimit<number | string[]>): RuleResult {
  return {
    target,
    rule,
    status: 'skipped',
    limit: limit.value,
    measured: [],
    where: limit.where,
    message: 'the baseline has no build of this target',
  };
}

function result(
  target: string,
  rule: string,
  limit: ResolvedLimit<number>,
  measured: number,
  baseline: number | undefined,
  fail: boolean,
  message: string,
): RuleResult {
  const r: RuleResult = {
    target,
    rule,
    status: fail ? 'fail' : 'pass',
    limit: limit.value,
    measured,
    where: limit.where,
    message,
  };
  if (baseline !== undefined) r.baseline = baseline;
  return r;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
