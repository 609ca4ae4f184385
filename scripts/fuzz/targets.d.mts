/** The built code a target calls (opaque to the tests: they only hand it back to `run`). */
export type FuzzLibrary = { UserError: new (...args: never[]) => Error } & Record<string, unknown>;

/** One fuzz target: how its inputs are made and what it calls. */
export interface FuzzTarget {
  weight: number;
  mutate: 'bytes' | 'text' | 'json';
  run(lib: FuzzLibrary, input: { data: Uint8Array; aux?: Uint8Array }): unknown;
}

export declare const TARGETS: Record<string, FuzzTarget>;
export declare function loadLibrary(dist: string, root: string): Promise<FuzzLibrary>;
export declare function cleanUp(lib: FuzzLibrary): void;
