import { ErrorMessage } from '../components/ErrorMessage.js';
import { Brand } from '../components/Brand.js';

/** Before the app can show anything: connecting, or the hub's error with a way to try again. */
export function Splash({ text, error, onRetry }: { text: string | null; error?: unknown; onRetry?: () => void }) {
  return (
    <main className="auth-layout">
      <div className="auth-card splash">
        <Brand />
        {text ? <p className="muted">{text}</p> : null}
        <ErrorMessage error={error} />
        {onRetry ? (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </main>
  );
}
