import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../analyzer/model/user-error.js';
import type { ReportBundle } from '../../reports/report-file/render-report-html.js';

/**
 * The report file's client as `npm run build` left it (web/client/vite.report.config.ts writes
 * `dist/web/report`), found from this module whether it runs compiled (`dist/pipeline/io/`) or
 * from source (`pipeline/io/`, under vitest).
 */
export function readReportBundle(): ReportBundle {
  const tried: string[] = [];
  for (const rel of ['../../web/report/', '../../dist/web/report/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    tried.push(dir);
    try {
      return { js: readFileSync(`${dir}report.js`, 'utf8'), css: readFileSync(`${dir}report.css`, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new UserError('REPORT_CLIENT_MISSING', `no report.js in ${tried.join(' or ')}`);
}
