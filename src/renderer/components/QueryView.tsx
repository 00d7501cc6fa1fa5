import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';
import { PendingNote } from './PendingNote.js';

/**
 * The three states of a query in one place: loading (or why not yet, PendingNote), the hub's error in words (with the
 * last good data still shown if there is any), or the data.
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
  if (query.isPending) return <PendingNote query={query} loading={loading} />;
  return (
    <>
      {query.isError ? <ErrorMessage error={query.error} /> : null}
      {query.data !== undefined ? children(query.data) : null}
    </>
  );
}
