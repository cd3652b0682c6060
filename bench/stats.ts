// Medians and spreads of repeated measurements.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "1.23 s (1.10–1.40)": median and range. */
export function formatSeconds(values: number[]): string {
  if (values.length === 0) return 'not run';
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return values.length === 1 ? `${s(values[0]!)} s` : `${s(median(values))} s (${s(Math.min(...values))}–${s(Math.max(...values))})`;
}

/** The median of per-round ratios, so machine noise that hits both runs of a round cancels. */
export function pairedRatio(numerators: number[], denominators: number[]): number {
  return median(numerators.map((value, i) => value / denominators[i]!));
}
