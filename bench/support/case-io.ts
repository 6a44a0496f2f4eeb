// How the runner and a case process talk: the spec as JSON in argv[2], one result line on stdout.
// No imports, so that it adds nothing to what a case process loads.

/** Marks the result line among whatever else a case prints. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** The spec the runner passed (argv[2]). */
export function caseSpec<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('bench: a case script takes its spec as JSON in the first argument; run it with `npx projen bench`');
  return JSON.parse(raw) as T;
}

/** Print the result line. */
export function emit(result: object): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Milliseconds since the process started (performance.timeOrigin). */
export function sinceStart(): number {
  return performance.now();
}

/**
 * Collect the garbage that loading the modules left (the runner starts synth cases with `--expose-gc`), so that a
 * collection of it does not land at random inside the timed window of one variant and not of another.
 */
export function settleHeap(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}
