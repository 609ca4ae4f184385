import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { compileRules, matchRules } from './attribution-rules.js';

const shipped = JSON.parse(
  readFileSync(new URL('../rules/default-rules.json', import.meta.url), 'utf8'),
) as unknown;

describe('shipped rules', () => {
  const rules = compileRules(shipped, 'default-rules.json');
  // Archive and object names below are those of the real toolchains (ocaml-solo5, Debian's ocaml package).
  it.each([
    [{ archive: 'libnolibc.a', object: 'memcpy.o' }, 'ocaml-solo5', 'nolibc'],
    [{ archive: 'libasmrun.a', object: 'amd64.o' }, 'ocaml', 'ocaml-runtime-asm'],
    [{ archive: 'libasmrun.a', object: 'major_gc.o' }, 'ocaml', 'ocaml-runtime-archive'],
    [{ symbol: 'caml_alloc_shr' }, 'ocaml', 'ocaml-runtime-symbols'],
    [{ symbol: 'caml_curry3_2' }, 'ocaml', 'ocaml-startup-symbols'],
    [{ object: 'solo5_hvt.o' }, 'solo5', 'solo5-bindings'],
    [{ section: '.rela.dyn' }, '[linker]', 'linker-sections'],
  ])('%o → %s', (facts, pkg, id) => {
    const m = matchRules(rules, facts);
    expect(m.pkg?.package).toBe(pkg);
    expect(m.pkg?.id === id || m.pkg?.library === id).toBe(true);
  });
  it('language-only rules set the language and no package', () => {
    const m = matchRules(rules, { archive: 'liblwt_unix_stubs.a' });
    expect(m.pkg).toBeUndefined();
    expect(m.lang?.language).toBe('C');
  });
});

describe('rule validation', () => {
  it.each([
    [{ version: 2, rules: [] }, 'version'],
    [{ version: 1, rules: [{ id: 'x', match: { symbol: '(' }, package: 'p' }] }, 'rules[0].match.symbol'],
    [{ version: 1, rules: [{ id: 'x', match: { colour: 'red' }, package: 'p' }] }, 'rules[0].match'],
    [{ version: 1, rules: [{ id: 'x', match: { symbol: 'a' } }] }, 'rules[0]'],
  ])('rejects %j at %s', (doc, at) => {
    try {
      compileRules(doc, 'my-rules.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('RULES_BAD');
      expect((error as UserError).message).toContain('my-rules.json');
      expect((error as UserError).location.at).toBe(at);
    }
  });
});
