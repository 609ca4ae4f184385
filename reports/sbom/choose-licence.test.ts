import { describe, expect, it } from 'vitest';
import { chooseLicence } from './choose-licence.js';

// Expected forms follow the SPDX licence list and SPDX 2.3 annex D (ids match without case,
// operators with case); the inputs are licence texts seen in opam files and Debian copyright files.
const CASES: [string, ReturnType<typeof chooseLicence>][] = [
  ['MIT', { kind: 'spdx', id: 'MIT' }],
  ['BSD-3-clause', { kind: 'spdx', id: 'BSD-3-Clause' }],
  [
    'LGPL-2.1-only WITH OCaml-LGPL-linking-exception',
    { kind: 'expression', expression: 'LGPL-2.1-only WITH OCaml-LGPL-linking-exception' },
  ],
  ['LGPL-3.0-only AND LGPL-2.0-only', { kind: 'expression', expression: 'LGPL-3.0-only AND LGPL-2.0-only' }],
  ['(mit OR Apache-2.0) AND ISC', { kind: 'expression', expression: '(MIT OR Apache-2.0) AND ISC' }],
  ['CC0-1.0+', { kind: 'expression', expression: 'CC0-1.0+' }],
  ['LicenseRef-proprietary', { kind: 'expression', expression: 'LicenseRef-proprietary' }],
  ['GPL-2+', { kind: 'named', name: 'GPL-2+' }],
  ['LGPL2.1', { kind: 'named', name: 'LGPL2.1' }],
  [
    'LGPL-2.1-only with OCaml-LGPL-linking-exception',
    { kind: 'named', name: 'LGPL-2.1-only with OCaml-LGPL-linking-exception' },
  ],
  ['MIT AND', { kind: 'named', name: 'MIT AND' }],
  ['(MIT', { kind: 'named', name: '(MIT' }],
  ['MIT ISC', { kind: 'named', name: 'MIT ISC' }],
];

describe('chooseLicence', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(chooseLicence(text)).toEqual(expected);
  });
});
