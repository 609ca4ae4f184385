/** What `tcbscope ingest` reports (and `ingest --json` prints): the database and what went into it. */
export interface IngestReport {
  /** The database as shown to the user (relative when it lies in the working folder). */
  db: string;
  /** One entry per build, in the order the command collected them. */
  builds: { job: string; buildId: number; created: boolean; images: { id: number; target: string }[] }[];
  stacks: { name: string; source: string; stackId: number; created: boolean }[];
}

/** Options of the ingest reporters (none yet). */
export type IngestReportOptions = Record<string, never>;

/** One line per build and per stack, new or already stored, then the database. */
export function renderIngestText(r: IngestReport, _options: IngestReportOptions = {}): string {
  const lines: string[] = [];
  for (const b of r.builds)
    lines.push(
      `build ${b.buildId} of ${b.job} (${b.created ? 'new' : 'already stored'}): ${b.images.map((i) => i.target).join(', ')}`,
    );
  for (const s of r.stacks)
    lines.push(`stack ${s.stackId} ${s.name} (${s.created ? 'new' : 'already stored'})`);
  lines.push(`database: ${r.db}`);
  return lines.join('\n') + '\n';
}
