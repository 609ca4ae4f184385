import { describe, expect, it } from 'vitest';
import { UserError } from '../analyzer/model/user-error.js';
import { findReporter, listReporterNames, REPORTERS, type ReportKind } from './reporter-registry.js';

describe('reporter registry', () => {
  const kinds = Object.keys(REPORTERS) as ReportKind[];
  it('covers every command that reports a result', () => {
    expect([...kinds].sort()).toEqual([
      'audit',
      'build',
      'compare',
      'deps',
      'diff',
      'gate',
      'ingest',
      'inspect',
      'report',
      'stack',
      'why',
    ]);
  });
  it.each(kinds)('%s: text and json first, and each name finds its reporter', (kind) => {
    expect(listReporterNames(kind).slice(0, 2)).toEqual(['text', 'json']);
    for (const name of listReporterNames(kind)) expect(findReporter(kind, name)).toBe(REPORTERS[kind][name]);
  });
  it.each([
    ['diff', 'html', 'text, json, markdown'],
    ['deps', 'markdown', 'text, json'],
    ['why', 'toString', 'text, json, markdown'], // an Object.prototype key is not a reporter
  ] as const)('%s --reporter %s is a USAGE error naming %s', (kind, name, valid) => {
    let thrown: unknown;
    try {
      findReporter(kind, name);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).code).toBe('USAGE');
    expect((thrown as UserError).message).toContain(
      `--reporter "${name}" is not one of ${valid} (the reporters of tcbscope ${kind})`,
    );
  });
});
