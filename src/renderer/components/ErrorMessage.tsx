import { describeError } from '../api/client.js';

/** A readable error line; announced to screen readers as soon as it appears. */
export function ErrorMessage({
  error,
  text,
  messages,
}: {
  error?: unknown;
  text?: string | null;
  /** The screen's own words for some of the hub's error codes. */
  messages?: Readonly<Record<string, string>>;
}) {
  const message = text ?? (error ? describeError(error, messages) : null);
  if (!message) return null;
  return (
    <p className="error-message" role="alert">
      {message}
    </p>
  );
}
