/** A saved failing input: the bytes, the second file of two-file formats, and the note of what it exercised. */
export interface FuzzRegression {
  name: string;
  target: string;
  data: Uint8Array;
  aux?: Uint8Array;
  note: { target: string; exercised: string; found: Record<string, unknown> };
}

export declare function loadRegressions(dir: string): FuzzRegression[];
export declare function saveRegression(dir: string, failure: unknown, seed: number): string;
