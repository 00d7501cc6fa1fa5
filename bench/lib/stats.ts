/** Nearest-rank percentile of an ascending array; NaN when it is empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Runs `step` (doing `batch` units of work each time) until `units` are done or `maxMs` passed; units per second. */
export function ratePerSecond(step: () => void, batch: number, units: number, maxMs: number): number {
  const started = performance.now();
  let done = 0;
  while (done < units && performance.now() - started < maxMs) {
    step();
    done += batch;
  }
  return done / ((performance.now() - started) / 1000);
}
