import { describeError } from '../api/client.js';
import { ErrorMessage } from './ErrorMessage.js';

/** The errors of several queries, each different sentence once (a hub that is down fails them all alike). */
export function QueryErrors({ errors }: { errors: ReadonlyArray<unknown> }) {
  const messages = [...new Set(errors.filter(Boolean).map((error) => describeError(error)))];
  return (
    <>
      {messages.map((message) => (
        <ErrorMessage key={message} text={message} />
      ))}
    </>
  );
}
