import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';

/**
 * The three states of a query in one place: loading, the hub's error in words (with the last good data still shown
 * if there is any), or the data.
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
  if (query.isPending) return <p className="muted">{loading}</p>;
  return (
    <>
      {query.isError ? <ErrorMessage error={query.error} /> : null}
      {query.data !== undefined ? children(query.data) : null}
    </>
  );
}
