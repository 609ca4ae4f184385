import { describe, expect, it } from 'vitest';
import { UserError } from '../../analyzer/model/user-error.js';
import { formatOpamValue } from './format-opam-value.js';
import { parseOpam } from './parse-opam.js';
import type { OpamField, OpamValue } from './parse-opam.js';

/** The value of the only field of a one-field file. */
function valueOf(text: string): OpamValue {
  const item = parseOpam(text).items[0] as OpamField;
  expect(item.type).toBe('field');
  return item.value;
}

function syntaxError(text: string): UserError {
  try {
    parseOpam(text, 'bad.opam');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected an OPAM_SYNTAX error');
}

describe('parseOpam: values from the manual grammar', () => {
  it('reads triple-quoted strings with quotes and newlines inside', () => {
    const v = valueOf('description: """\nA "quoted" word\nand a second line"""\n');
    expect(v).toMatchObject({ type: 'string', triple: true, value: '\nA "quoted" word\nand a second line' });
  });

  it('decodes escapes: \\n, \\", \\\\, decimal, hex and backslash-newline', () => {
    expect(valueOf('x: "a\\nb\\"c\\\\d\\065\\x42 e\\\n     f"')).toMatchObject({ value: 'a\nb"c\\dAB ef' });
  });

  it('keeps %{var}% interpolations as text', () => {
    expect(
      valueOf('build: ["%{make}%" "PREFIX=%{prefix}%/bin" "%{lwt:installed?enable:disable}%"]'),
    ).toMatchObject({
      type: 'list',
      items: [
        { value: '%{make}%' },
        { value: 'PREFIX=%{prefix}%/bin' },
        { value: '%{lwt:installed?enable:disable}%' },
      ],
    });
  });

  it('skips # comments and nested (* *) comments', () => {
    const file = parseOpam('# head\nname: (* a (* nested *) b *) "x" # tail\n(* multi\nline *)version: "1"');
    expect(
      file.items.map((i) => (i.type === 'field' ? [i.name, formatOpamValue(i.value), i.line] : [])),
    ).toEqual([
      ['name', '"x"', 2],
      ['version', '"1"', 4],
    ]);
  });

  it('reads prefix relops, & and | with & binding tighter', () => {
    const v = valueOf('depends: ["a" {>= "1.0" & < "2.0" | = "3"}]');
    expect(v.type === 'list' && v.items[0]).toMatchObject({
      type: 'option',
      value: { type: 'string', value: 'a' },
      options: [
        {
          type: 'logop',
          op: '|',
          left: {
            type: 'logop',
            op: '&',
            left: { type: 'prefix-relop', op: '>=' },
            right: { type: 'prefix-relop', op: '<' },
          },
          right: { type: 'prefix-relop', op: '=' },
        },
      ],
    });
  });

  it('reads ! and ? as prefix operators, and pkg:var idents', () => {
    const v = valueOf('available: !(os = "win32") & ?foo:bar & ocaml:version >= "4.08" & lwt+ssl:installed');
    expect(formatOpamValue(v)).toBe(
      '!(os = "win32") & ?foo:bar & ocaml:version >= "4.08" & lwt+ssl:installed',
    );
    expect(v).toMatchObject({
      type: 'logop',
      left: {
        left: {
          left: { type: 'not', value: { type: 'group' } },
          right: { type: 'defined', value: { type: 'ident', name: 'foo:bar' } },
        },
      },
    });
  });

  it('puts filters on list items, and keeps ints, bools and env updates', () => {
    const v = valueOf('x: [ "a" {build} "b" {os = "linux" & with-test} 42 -1 true [PATH += "bin"] ]');
    expect(v.type === 'list' && v.items.map(formatOpamValue)).toEqual([
      '"a" {build}',
      '"b" {os = "linux" & with-test}',
      '42',
      '-1',
      'true',
      '[PATH += "bin"]',
    ]);
  });

  it('parses the full formula example of the manual', () => {
    const v = valueOf('depends: "foo" { >= "3.12" } & ("bar" | "baz" { !(> "2" & < "3.5") & != "5.1" })');
    expect(formatOpamValue(v)).toBe('"foo" {>= "3.12"} & ("bar" | "baz" {!(> "2" & < "3.5") & != "5.1"})');
  });

  it('reads sections with and without labels, with positions', () => {
    const file = parseOpam(
      'url {\n  src: "https://example.org/a.tgz"\n  checksum: ["sha256=00"]\n}\npackage "lwt" {\n  version: "5.7.0"\n}\n',
    );
    expect(file.items).toMatchObject([
      {
        type: 'section',
        kind: 'url',
        line: 1,
        column: 1,
        items: [
          { name: 'src', line: 2, column: 3 },
          { name: 'checksum', line: 3 },
        ],
      },
      {
        type: 'section',
        kind: 'package',
        label: 'lwt',
        line: 5,
        items: [{ name: 'version', value: { value: '5.7.0', line: 6, column: 12 } }],
      },
    ]);
  });
});

describe('parseOpam: bad input', () => {
  it('reports an unterminated string at its opening quote', () => {
    const e = syntaxError('name: "ok"\nversion: "1.0\nsynopsis: x\n');
    expect(e.code).toBe('OPAM_SYNTAX');
    expect(e.location).toMatchObject({ file: 'bad.opam', line: 2, column: 10 });
    expect(e.message).toContain('bad.opam');
    expect(e.message).toContain('unterminated string');
  });

  it('reports an unclosed bracket at the bracket, naming where the next field starts', () => {
    const e = syntaxError('depends: [\n  "a"\n  "b"\nbuild: []\n');
    expect(e.location).toMatchObject({ line: 1, column: 10 });
    expect(e.message).toMatch(/unclosed "\[".*"build:" at line 4/);
  });

  it('reports a stray closing bracket where it is', () => {
    const e = syntaxError('depends: ["a"]]\n');
    expect(e.location).toMatchObject({ line: 1, column: 15 });
  });

  it('reports an unterminated comment and a bad escape with line and column', () => {
    expect(syntaxError('x: 1\n  (* open (* nested *)\n').location).toMatchObject({ line: 2, column: 3 });
    expect(syntaxError('x: "a\\qb"').location).toMatchObject({ line: 1, column: 6 });
  });

  it('refuses an unclosed section at the end of the file', () => {
    const e = syntaxError('url {\n  src: "x"\n');
    expect(e.message).toContain('"}"');
    expect(e.message).toContain('line 1, column 5');
  });
});
