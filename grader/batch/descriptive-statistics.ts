/** The usual figures of a list of numbers. */
export interface Description {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation: a class's scores are the whole population, not a sample of one. */
  readonly standardDeviation: number;
}

/** Count, mean, median, min, max and standard deviation of `values`; undefined for an empty list. */
export function describe(values: readonly number[]): Description | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const average = mean(sorted);
  return {
    count: sorted.length,
    mean: average,
    median: sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    standardDeviation: Math.sqrt(mean(sorted.map((value) => (value - average) ** 2))),
  };
}

/** The arithmetic mean; 0 for an empty list, which callers only pass when there is nothing to average. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** One bar of a histogram of percentages: from ≤ p < to, except that the last bin also holds to (100 %). */
export interface PercentageBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Percentages (0 to 100) counted into `binCount` equal bins over 0–100. A
 * perfect score lands in the last bin, not a bin of its own; a value out of
 * range is counted in the nearest bin. Positions are rounded to 9 decimals
 * before they are cut, since sums of partial credit come out as
 * 69.99999999999999 % for what is 70 %, and that belongs in the 70–80 bin.
 */
export function binPercentages(percentages: readonly number[], binCount: number): PercentageBin[] {
  if (!Number.isInteger(binCount) || binCount < 1) throw new Error(`vmlab internal error: ${binCount} histogram bins`);
  const counts = new Array<number>(binCount).fill(0);
  for (const percentage of percentages) {
    const position = Math.round(((percentage * binCount) / 100) * 1e9) / 1e9;
    counts[Math.min(binCount - 1, Math.max(0, Math.floor(position)))] += 1;
  }
  return counts.map((count, index) => ({ from: (index * 100) / binCount, to: ((index + 1) * 100) / binCount, count }));
}
