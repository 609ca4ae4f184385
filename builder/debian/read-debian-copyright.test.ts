import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, external } from '../../test/support/test-needs.js';
import { awkLicence } from '../../test/support/copyright-truth.js';
import { readDebianCopyrightLicence } from './read-debian-copyright.js';

const docs = '/usr/share/doc';
const installed = existsSync(docs)
  ? readdirSync(docs)
      .filter((p) => existsSync(`${docs}/${p}/copyright`))
      .sort()
  : [];

// Every Debian package installs one; a machine without /usr/share/doc is not Debian.
const available = check(external(installed.length > 0, `no ${docs}/*/copyright files (not a Debian system)`));
describe.skipIf(available.skip)(
  available.title('machine-readable copyright files installed on this machine (truth: awk)'),
  () => {
    const dep5 = installed.filter((p) => /^Format:/i.test(readFileSync(`${docs}/${p}/copyright`, 'utf8')));
    it('finds machine-readable files among the installed packages', () =>
      expect(dep5.length).toBeGreaterThan(20));
    it('reads the Files: * licence of each as awk does, or nothing where the file does not parse', () => {
      let agreed = 0;
      for (const p of dep5) {
        const file = `${docs}/${p}/copyright`;
        const ours = readDebianCopyrightLicence(readFileSync(file, 'utf8'));
        if (ours === undefined) continue;
        expect(ours, file).toBe(awkLicence(file));
        agreed++;
      }
      expect(agreed).toBeGreaterThan(dep5.length / 2);
    });
    it('gives nothing for a free-form copyright file', () => {
      const free = installed.find((p) => !/^Format:/i.test(readFileSync(`${docs}/${p}/copyright`, 'utf8')));
      if (free)
        expect(readDebianCopyrightLicence(readFileSync(`${docs}/${free}/copyright`, 'utf8'))).toBeUndefined();
    });
  },
);
