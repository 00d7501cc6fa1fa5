import { useRouteError } from 'react-router';
import { Splash } from './Splash.js';

/** A screen that crashed: say so in words and offer a reload, rather than a blank window. */
export function RouteError() {
  const error = useRouteError();
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <Splash
      text={`This screen ran into a problem and stopped: ${detail}. Reloading usually helps.`}
      onRetry={() => window.location.reload()}
    />
  );
}
