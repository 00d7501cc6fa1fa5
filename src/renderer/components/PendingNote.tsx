import { ErrorMessage } from './ErrorMessage.js';

/**
 * What a screen says while a query has no data yet: its loading text, or, once an attempt has failed and the query
 * retries, why, said at once ("Loading…" for the seconds the retries take would claim the hub is answering).
 * Nothing once the query gave up: the screen shows its error where it shows errors.
 */
export function PendingNote({
  query,
  loading,
}: {
  query: { isError: boolean; failureReason: unknown };
  loading: string;
}) {
  if (query.isError) return null;
  if (query.failureReason) {
    return (
      <>
        <ErrorMessage error={query.failureReason} />
        <p className="muted">Trying again…</p>
      </>
    );
  }
  return <p className="muted">{loading}</p>;
}
