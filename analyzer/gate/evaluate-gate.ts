import { diffManifests } from '../diff-manifests.js';
import type { Manifest } from '../model/manifest.js';
import { UserError } from '../model/user-error.js';
import type { Budget } from './budget.js';
import type { GateFigures, GateResult, GateTarget, RuleResult } from './gate-result.js';
import { measureGateMetrics, type GateMetrics } from './measure-gate-metrics.js';
import { resolveTargetRules } from './resolve-target-rules.js';
import { checkBaselineRules, checkCeilingRules, checkCurrentListRules } from './check-gate-rules.js';
import { checkAdvisoryRule } from './check-advisory-rule.js';
import type { LoadedAdvisory } from '../advisories/osv-advisory.js';

/** The inputs of one gate run: manifests by target on both sides, and the budget in force. */
export interface GateInput {
  current: { label: string; images: readonly Manifest[] };
  baseline: { label: string; images: readonly Manifest[] };
  budget: Budget;
  /** How to name the budget in the result: the file as given, or `default budget`. */
  budgetLabel: string;
  /** True when `budget` is the built-in default (its limits then say so instead of a JSON pointer). */
  isDefaultBudget: boolean;
  /** OSV advisories for `failOnAdvisories`; without them that rule is skipped. */
  advisories?: readonly LoadedAdvisory[];
}

/** Checks every target's rules; targets are matched by their manifest's target name. */
export function evaluateGate(input: GateInput): GateResult {
  const current = byTarget(input.current.images);
  const baseline = byTarget(input.baseline.images);
  const names = [...new Set([...current.keys(), ...baseline.keys()])].sort();
  if (current.size > 0 && baseline.size > 0 && ![...current.keys()].some((t) => baseline.has(t))) {
    // Nothing to compare: most likely the wrong baseline was given, which a pass would hide.
    const list = (m: Map<string, Manifest>) => [...m.keys()].sort().join(', ');
    throw new UserError(
      'GATE_INPUT',
      `no target in common (current: ${list(current)}; baseline: ${list(baseline)})`,
      { file: input.baseline.label, at: '--baseline' },
    );
  }
  const targets = names.map((t) => evaluateTarget(t, current.get(t), baseline.get(t), input));
  const failures = targets.reduce((n, t) => n + t.rules.filter((r) => r.status === 'fail').length, 0);
  return {
    ok: failures === 0,
    budget: input.budgetLabel,
    current: input.current.label,
    baseline: input.baseline.label,
    targets,
    failures,
  };
}

function evaluateTarget(
  target: string,
  current: Manifest | undefined,
  baseline: Manifest | undefined,
  input: GateInput,
): GateTarget {
  if (!current) {
    const base = measureGateMetrics(baseline as Manifest);
    return { target, presence: 'baseline-only', baseline: figuresOf(base), rules: [] };
  }
  const rules = resolveTargetRules(input.budget, target, input.isDefaultBudget);
  const now = measureGateMetrics(current);
  const then = baseline ? measureGateMetrics(baseline) : undefined;
  const results: RuleResult[] = [
    ...checkCeilingRules(target, rules, now),
    ...checkCurrentListRules(target, rules, now),
    ...checkBaselineRules(target, rules, now, then),
  ];
  if (rules.failOnAdvisories)
    results.push(checkAdvisoryRule(target, rules.failOnAdvisories, current, baseline, input.advisories));
  const out: GateTarget = {
    target,
    presence: baseline ? 'both' : 'current-only',
    current: figuresOf(now),
    rules: results,
  };
  if (baseline && then) {
    out.baseline = figuresOf(then);
    out.diff = diffManifests(baseline, current);
  }
  return out;
}

function figuresOf(m: GateMetrics): GateFigures {
  return {
    file: m.file,
    loaded: m.loaded,
    code: m.code,
    packages: m.packages.size,
    cAndAssembly: m.cAndAssembly,
  };
}

function byTarget(images: readonly Manifest[]): Map<string, Manifest> {
  const out = new Map<string, Manifest>();
  for (const m of images) out.set(m.identity.target, m);
  return out;
}
