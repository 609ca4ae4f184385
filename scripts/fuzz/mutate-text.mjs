// Mutations for line-oriented text formats (opam, deb822, GNU ld maps, JavaScript) and for JSON
// documents (manifests, budgets, source maps), which are mutated as values and as text.

import { TextDecoder, TextEncoder } from 'node:util';
import { mutateBytes } from './mutate-bytes.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const NUMBERS = [
  '0',
  '-1',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '1e309',
  '0x',
  '0xffffffffffffffff',
  '-0',
  '1.5',
  'NaN',
];
const ODD = ['\u0000', '\u202e', '\uFFFD', '\r', '\t', '\\', '"', "'", '\n\n', ' ', '\u00e9', '\ud83d'];

/** Repeats `token` many times: deep nesting and long runs find unbounded recursion and quadratic loops. */
function repeatToken(rng, token) {
  return token.repeat(rng.chance(0.5) ? 2 + rng.below(30) : 1000 + rng.below(20000));
}

const TEXT_MUTATORS = [
  (rng, lines) => lines.splice(rng.below(lines.length), 1 + rng.below(3)),
  (rng, lines) => {
    const i = rng.below(lines.length);
    lines.splice(i, 0, ...lines.slice(i, i + 1 + rng.below(4)));
  },
  (rng, lines) => {
    const i = rng.below(lines.length);
    const j = rng.below(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  },
  // A token of the format at a random place in a line.
  (rng, lines, dict) => {
    const i = rng.below(lines.length);
    const line = lines[i];
    const at = rng.below(line.length + 1);
    const token = dict.length > 0 && rng.chance(0.85) ? rng.pick(dict) : rng.pick(ODD);
    lines[i] = line.slice(0, at) + (rng.chance(0.1) ? repeatToken(rng, token) : token) + line.slice(at);
  },
  // Replace a number with an edge value.
  (rng, lines) => {
    const i = rng.below(lines.length);
    const numbers = [...lines[i].matchAll(/(0x)?[0-9a-f]+/gi)];
    if (numbers.length === 0) return;
    const m = rng.pick(numbers);
    const value = m[1]
      ? `0x${rng.pick(['0', 'ffffffffffffffff', '7fffffff', '1', 'fffffffffffffffffffff'])}`
      : rng.pick(NUMBERS);
    lines[i] = lines[i].slice(0, m.index) + value + lines[i].slice(m.index + m[0].length);
  },
  // Cut a line short.
  (rng, lines) => {
    const i = rng.below(lines.length);
    lines[i] = lines[i].slice(0, rng.below(lines[i].length + 1));
  },
  // Join two lines (a lost newline).
  (rng, lines) => {
    const i = rng.below(Math.max(1, lines.length - 1));
    if (lines.length > 1) lines.splice(i, 2, lines[i] + lines[i + 1]);
  },
];

/** Returns a mutated copy of a text file, as bytes: line edits and format tokens, now and then raw byte damage. */
export function mutateText(rng, input, dictionary) {
  if (rng.chance(0.15)) return mutateBytes(rng, input);
  const lines = decoder.decode(input).split('\n');
  const rounds = 1 + (rng.chance(0.5) ? 0 : rng.below(6));
  for (let i = 0; i < rounds && lines.length > 0; i++) rng.pick(TEXT_MUTATORS)(rng, lines, dictionary);
  if (rng.chance(0.1)) lines.length = rng.below(lines.length + 1);
  return encoder.encode(lines.join('\n'));
}

/** Every [container, key] pair of a JSON value, to pick a place to mutate. */
function listSlots(value, out = [], depth = 0) {
  if (depth > 40 || value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    out.push([value, Array.isArray(value) ? Number(key) : key]);
    listSlots(value[key], out, depth + 1);
  }
  return out;
}

const REPLACEMENTS = [
  () => null,
  () => -1,
  () => 0,
  () => 1e300,
  () => 2 ** 53 + 2,
  () => 1.5,
  () => '',
  () => 'x\u0000\u202e',
  () => true,
  () => [],
  () => ({}),
  (rng) => 'A'.repeat(rng.below(100000)),
];

// Deep nesting is spliced into the text after JSON.stringify, which would itself overflow the stack.
const NEST = '\u0001fuzz-nest\u0001';

function nestedText(rng) {
  const depth = 100 + rng.below(10000);
  const object = rng.chance(0.5);
  return (object ? '{"a":' : '[').repeat(depth) + '0' + (object ? '}' : ']').repeat(depth);
}

/** Mutates a parsed JSON value in place at a few random places; returns the (possibly replaced) value. */
function mutateValue(rng, doc) {
  const slots = listSlots(doc);
  if (slots.length === 0) return rng.chance(0.5) ? NEST : null;
  const rounds = 1 + rng.below(4);
  for (let i = 0; i < rounds; i++) {
    const [container, key] = rng.pick(slots);
    const r = rng.below(10);
    if (r < 2 && !Array.isArray(container)) delete container[key];
    else if (r < 3) container[key] = NEST;
    else if (r < 4 && Array.isArray(container[key])) container[key].push(...container[key].slice(0, 3));
    else if (r < 5 && typeof container[key] === 'number') container[key] = -container[key] - 1;
    else if (r < 6 && typeof container[key] === 'string') container[key] = container[key] + rng.pick(ODD);
    else container[key] = rng.pick(REPLACEMENTS)(rng);
  }
  return doc;
}

/** Returns a mutated copy of a JSON document, as bytes: mostly value edits, sometimes text damage. */
export function mutateJson(rng, input, dictionary = ['{', '}', '[', ']', ',', ':', '"', 'null']) {
  if (rng.chance(0.25)) return mutateText(rng, input, dictionary);
  let doc;
  try {
    doc = JSON.parse(decoder.decode(input));
  } catch {
    return mutateText(rng, input, dictionary);
  }
  const out = JSON.stringify(mutateValue(rng, doc)) ?? 'null';
  return encoder.encode(
    out.includes(JSON.stringify(NEST)) ? out.split(JSON.stringify(NEST)).join(nestedText(rng)) : out,
  );
}
