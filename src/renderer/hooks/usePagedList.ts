import { useState } from 'react';

/** Client-side pages over a list the hub sends whole; page 0 is the first (newest) page. */
export function usePagedList<T>(items: readonly T[], size: number) {
  const [page, setPage] = useState(0);
  const last = Math.max(0, Math.ceil(items.length / size) - 1);
  const current = Math.min(page, last);
  return {
    rows: items.slice(current * size, (current + 1) * size),
    newer: current > 0 ? current - 1 : null,
    older: current < last ? current + 1 : null,
    atNewest: current === 0,
    go: (target: number | null) => setPage(target ?? 0),
  };
}
