import { formatAgo, formatDateTime } from '../format.js';

/** A point in time: the date and time, and how long ago (omitted with `bare`). "—" when there is none. */
export function Time({ iso, bare = false }: { iso: string | null | undefined; bare?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(iso)}
      {bare ? null : <span className="muted"> · {formatAgo(iso)}</span>}
    </time>
  );
}
