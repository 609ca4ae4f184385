import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRules, matchRules, symbolRulesMayMatch } from './attribution-rules.js';

const shipped = compileRules(
  JSON.parse(readFileSync(new URL('../rules/default-rules.json', import.meta.url), 'utf8')) as unknown,
  'default-rules.json',
);

// Names as the real toolchains spell them: LLVM's C++ (libLLVM-14.so.1's .dynsym), the OCaml
// runtime and startup code, Solo5, nolibc, GMP, mirage-crypto's stubs, libc.
const NAMES = [
  '_ZN4llvm5APInt12tcDecrementEPmj',
  'LLVMInitializeX86Target',
  'caml_alloc_shr',
  'caml_curry3_2',
  'camlStdlib__List__map_123',
  'solo5_console_write',
  '_solo5_yield',
  'solo5_app_main',
  '__nolibc_errno',
  '__gmpz_add',
  '_mc_sha256_update',
  'memcpy',
  '',
];

describe('symbolRulesMayMatch', () => {
  it.each(NAMES)('%j: true exactly when one rule’s own symbol expression matches', (name) => {
    const alone = shipped.some((r) => r.tests.some((t) => t.field === 'symbol' && t.re.test(name)));
    expect(symbolRulesMayMatch(shipped, name)).toBe(alone);
  });

  it.each(NAMES.filter((n) => !symbolRulesMayMatch(shipped, n)))(
    '%j: no symbol rule matching, the rules decide as for the place without a name',
    (name) => {
      for (const section of ['.text', '.rodata', '.dynamic', '.note.solo5.manifest']) {
        const named = matchRules(shipped, { section, symbol: name });
        const unnamed = matchRules(shipped, { section });
        expect([named.pkg?.id, named.lang?.id]).toEqual([unnamed.pkg?.id, unnamed.lang?.id]);
      }
    },
  );

  it('answers true for every name when a pattern holds a backreference (they cannot share one expression)', () => {
    const rules = compileRules(
      { version: 1, rules: [{ id: 'twice', match: { symbol: '(ab)\\1' }, package: 'p' }] },
      'mine.json',
    );
    expect(symbolRulesMayMatch(rules, 'zzz')).toBe(true);
  });

  it('answers false for every name when no rule tests the symbol', () => {
    const rules = compileRules(
      { version: 1, rules: [{ id: 'text', match: { section: '\\.text' }, package: 'p' }] },
      'mine.json',
    );
    expect(symbolRulesMayMatch(rules, '.text')).toBe(false);
    expect(symbolRulesMayMatch(rules, 'caml_alloc')).toBe(false);
  });
});
