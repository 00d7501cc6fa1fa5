import { describeError } from '../api/client.js';

/** A readable error line; announced to screen readers as soon as it appears. */
export function ErrorMessage({ error, text }: { error?: unknown; text?: string | null }) {
  const message = text ?? (error ? describeError(error) : null);
  if (!message) return null;
  return (
    <p className="error-message" role="alert">
      {message}
    </p>
  );
}
