/** How one fuzz input ended. */
export type FuzzOutcome = 'ok' | 'rejected' | 'crash' | 'hang' | 'oom';

/** The five outcomes, in table order. */
export declare const OUTCOMES: readonly FuzzOutcome[];

/** Options of one fuzz run (what scripts/fuzz.mjs resolves from its flags). */
export interface FuzzOptions {
  /** The repository (fixtures, stacks, the download cache). */
  root: string;
  /** The built code: a file URL of dist/ with a trailing slash. */
  dist: URL;
  /** The shared test data folder (lock files, opam files, switch exports, unikernels). */
  data: string;
  seed: number;
  count: number;
  workers: number;
  /** Time bound per input; a hang is confirmed by a second run with twice as long. */
  timeoutMs: number;
  /** V8 old-generation limit of each worker. */
  memoryMb: number;
  /** Only these targets. */
  only?: string[];
  progress?: (done: number, total: number) => void;
}

/** One failing input kept per signature (the smallest). */
export interface FuzzFailure {
  signature: string;
  index: number;
  size: number;
  count: number;
  input: { target: string; seed: string; data: Uint8Array; aux?: Uint8Array; auxName?: string };
  result: { outcome: FuzzOutcome; error?: string; stack?: string };
}

/** What a run found: counts per target and outcome, rejection codes per target, failures, time. */
export interface FuzzSummary {
  seed: number;
  count: number;
  counts: Record<string, Record<FuzzOutcome, number>>;
  codes: Record<string, Record<string, number>>;
  skipped: string[];
  failures: FuzzFailure[];
  seconds: number;
}

export declare function runFuzz(options: FuzzOptions): Promise<FuzzSummary>;
