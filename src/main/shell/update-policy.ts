/**
 * When and from where the desktop app looks for updates (issue 12), and how the tray says it. Pure (no `electron` or
 * `electron-updater` import) so it is tested in Node; updater.ts wires electron-updater to it.
 *
 * The feed is electron-builder's generic provider: a folder on an HTTPS server holding `latest*.yml` and the
 * installers. `BACKROOM_UPDATE_URL` at packaging time is baked into the app's `app-update.yml`; set when the app
 * runs, it overrides that (a store pointed at its own mirror). An update is downloaded in the background and
 * installed when Backroom quits, never by restarting it: the hub serves the store's tills.
 */

export type UpdateFeed =
  { source: 'environment'; url: string } | { source: 'packaged' } | { source: 'none'; why: string };

export interface FeedInput {
  /** `BACKROOM_UPDATE_URL` as the app was started with. */
  envUrl: string | undefined;
  /** A packaged app: a development run has nothing to update. */
  packaged: boolean;
  /** The packaged app has an `app-update.yml` (a feed URL was given when it was built). */
  packagedFeed: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A feed URL the app may fetch installers from: HTTPS, or plain HTTP to this machine only (a test feed). */
export function feedUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `BACKROOM_UPDATE_URL is not a URL: ${text}`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `BACKROOM_UPDATE_URL must be an https:// URL (plain http only to this machine): ${text}`;
}

export function updateFeed({ envUrl, packaged, packagedFeed }: FeedInput): UpdateFeed {
  if (!packaged) return { source: 'none', why: 'not a packaged app (npm run desktop): nothing to update' };
  const url = envUrl?.trim();
  if (url) {
    const problem = feedUrlProblem(url);
    if (problem) return { source: 'none', why: problem };
    // electron-updater joins file names onto the URL as onto a folder.
    return { source: 'environment', url: url.endsWith('/') ? url : `${url}/` };
  }
  if (packagedFeed) return { source: 'packaged' };
  return { source: 'none', why: 'no update feed: BACKROOM_UPDATE_URL was not set when this app was packaged' };
}

/** The first look waits until start-up (the hub, the window) is over. */
export const FIRST_CHECK_MS = 2 * 60_000;
export const CHECK_EVERY_MS = 6 * 3_600_000;
const RETRY_FIRST_MS = 15 * 60_000;

/** The wait before the next look: every few hours, or sooner after a failure, backing off to the same few hours. */
export function nextCheckMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return CHECK_EVERY_MS;
  return Math.min(CHECK_EVERY_MS, RETRY_FIRST_MS * 2 ** (consecutiveFailures - 1));
}

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'current' }
  | { phase: 'downloading'; version: string; percent: number }
  | { phase: 'ready'; version: string }
  | { phase: 'failed'; message: string };

/** The tray's line about updates; none while nothing is worth saying. */
export function updateLine(state: UpdateState): string | undefined {
  switch (state.phase) {
    case 'downloading':
      return `Downloading update ${state.version} (${Math.floor(state.percent)}%)`;
    case 'ready':
      return `Update ${state.version} installs when you quit Backroom`;
    case 'failed':
      return 'Could not look for updates; trying again later';
    default:
      return undefined;
  }
}
