// Small statistics for the benchmark: min / median / max and the median of pairwise ratios.

/** min, median and max of a sample. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('bench: median of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { n: values.length, min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/**
 * The median of `candidate[i] / baseline[i]`: each pair was measured back to back, so the ratio of a pair cancels
 * most of the drift of a shared machine, and the median drops the pairs a neighbour's burst spoiled.
 */
export function medianRatio(baseline: readonly number[], candidate: readonly number[]): number {
  if (baseline.length !== candidate.length) throw new Error('bench: pairwise ratios need samples of the same length');
  return median(baseline.map((b, i) => candidate[i] / b));
}

/** The smallest and largest of the pairwise ratios `candidate[i] / baseline[i]`: how much the pairs disagree. */
export function ratioRange(baseline: readonly number[], candidate: readonly number[]): [number, number] {
  const ratios = baseline.map((b, i) => candidate[i] / b);
  return [Math.min(...ratios), Math.max(...ratios)];
}

/** `12 / 15 / 30` with the given number of decimals. */
export function formatSummary(s: Summary, decimals = 0): string {
  return [s.min, s.median, s.max].map((v) => v.toFixed(decimals)).join(' / ');
}
