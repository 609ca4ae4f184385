// Input `index` of a run with `seed`: which target, which seed file, which mutations. A pure function
// of (seed, index, plan), so any input can be regenerated on its own.

import { createRandom } from './random.mjs';
import { mutateBytes } from './mutate-bytes.mjs';
import { mutateJson, mutateText } from './mutate-text.mjs';

/**
 * The plan of a run: the targets that have seeds, each with its weight, seeds and focus ranges.
 * `targets` is TARGETS; `seeds` maps a target to its seeds; `focusOf(target, seed)` gives ranges.
 */
export function makePlan(targets, seeds, focusOf, only) {
  const names = Object.keys(targets)
    .sort()
    .filter((n) => !only || only.includes(n));
  const plan = [];
  const skipped = [];
  for (const name of names) {
    const list = seeds[name] ?? [];
    if (list.length === 0) skipped.push(name);
    else
      plan.push({
        target: name,
        spec: targets[name],
        seeds: list.map((s) => ({ ...s, focus: focusOf(name, s) })),
      });
  }
  return { plan, skipped, total: plan.reduce((n, p) => n + p.spec.weight, 0) };
}

/** Builds input `index`: `{ target, seed, data, aux? }` (aux: the fixed second file of two-file formats). */
export function generateInput({ plan, total }, seed, index) {
  const rng = createRandom(seed, index);
  let ticket = rng.below(total);
  let entry = plan[0];
  for (const p of plan) {
    if (ticket < p.spec.weight) {
      entry = p;
      break;
    }
    ticket -= p.spec.weight;
  }
  const s = rng.pick(entry.seeds);
  const kind = entry.spec.mutate;
  // One input in twenty is the seed itself: the unmutated fixture must always be read cleanly.
  const keep = rng.chance(0.05);
  const data = keep
    ? s.data
    : kind === 'bytes'
      ? mutateBytes(rng, s.data, s.focus)
      : kind === 'json'
        ? mutateJson(rng, s.data, entry.spec.dictionary)
        : mutateText(rng, s.data, entry.spec.dictionary ?? []);
  const input = { target: entry.target, seed: s.name, data };
  if (s.aux !== undefined) {
    // Two-file inputs: now and then the second file is the damaged one.
    input.aux = !keep && rng.chance(0.2) ? mutateText(rng, s.aux, []) : s.aux;
    input.auxName = s.auxName;
  }
  return input;
}
