import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';

/**
 * The three states of a query in one place: loading, the hub's error in words (with the last good data still shown
 * if there is any), or the data. A first attempt that failed is said at once, while the retries go on: "Loading…"
 * for the seconds they take would claim the hub is answering.
 */
export function QueryView<T>({
  query,
  loading = 'Loading…',
  children,
}: {
  query: UseQueryResult<T>;
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending && query.failureReason) {
    return (
      <>
        <ErrorMessage error={query.failureReason} />
        <p className="muted">Trying again…</p>
      </>
    );
  }
  if (query.isPending) return <p className="muted">{loading}</p>;
  return (
    <>
      {query.isError ? <ErrorMessage error={query.error} /> : null}
      {query.data !== undefined ? children(query.data) : null}
    </>
  );
}
