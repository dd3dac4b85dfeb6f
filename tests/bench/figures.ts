/** The arithmetic every benchmark's printed figures share. */

/** The value at fraction `p` (0–1) of an ascending list: nearest rank, 0 for an empty list. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
