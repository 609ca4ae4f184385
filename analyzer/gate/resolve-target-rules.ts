import { GATE_SIZE_METRICS, type Budget, type BudgetRules, type GateSizeMetric } from './budget.js';

/** One limit in force for a target, with the place in the budget that sets it. */
export interface ResolvedLimit<T> {
  value: T;
  /** JSON pointer into the budget file (`/targets/hvt/maxCodeBytes`), or `default budget`. */
  where: string;
}

/** The rules in force for one target: the target's own keys over `all`'s, each with where it came from. */
export type ResolvedRules = {
  [K in Exclude<keyof BudgetRules, 'maxGrowthBytes' | 'maxGrowthPercent'>]?: ResolvedLimit<
    NonNullable<BudgetRules[K]>
  >;
} & {
  maxGrowthBytes: Partial<Record<GateSizeMetric, ResolvedLimit<number>>>;
  maxGrowthPercent: Partial<Record<GateSizeMetric, ResolvedLimit<number>>>;
};

const PER_METRIC = ['maxGrowthBytes', 'maxGrowthPercent'] as const;

/** Merges `all` and the target's rules, key by key (and metric by metric for growth limits). */
export function resolveTargetRules(budget: Budget, target: string, isDefault: boolean): ResolvedRules {
  const out: ResolvedRules = { maxGrowthBytes: {}, maxGrowthPercent: {} };
  const layers: [BudgetRules | undefined, string][] = [
    [budget.all, '/all'],
    [budget.targets?.[target], `/targets/${escapePointer(target)}`],
  ];
  for (const [rules, base] of layers) {
    if (!rules) continue;
    for (const [key, value] of Object.entries(rules) as [keyof BudgetRules, unknown][]) {
      if (value === undefined) continue;
      const where = isDefault ? 'default budget' : `${base}/${key}`;
      if ((PER_METRIC as readonly string[]).includes(key)) {
        const perMetric = value as Partial<Record<GateSizeMetric, number>>;
        for (const metric of GATE_SIZE_METRICS) {
          const limit = perMetric[metric];
          if (limit !== undefined)
            out[key as (typeof PER_METRIC)[number]][metric] = {
              value: limit,
              where: isDefault ? where : `${where}/${metric}`,
            };
        }
      } else (out as unknown as Record<string, ResolvedLimit<unknown>>)[key] = { value, where };
    }
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
