/**
 * electron-updater, wired to the feed update-policy.ts chose (issue 12). Thin on purpose: when to look, which feed
 * is acceptable and what the tray says are decided in update-policy.ts, tested in Node; this file only needs the
 * Electron binary to run.
 */
// electron-updater is CommonJS and exports `autoUpdater` through a getter, which an ES named import cannot see.
import electronUpdater from 'electron-updater';

import type { ShellLogger } from './safe-storage-secrets.js';
import { FIRST_CHECK_MS, nextCheckMs, type UpdateFeed, type UpdateState } from './update-policy.js';

/** Looks for updates on the schedule, downloads one in the background, installs it on quit; returns `stop`. */
export function startUpdates(feed: UpdateFeed, log: ShellLogger, onState: (state: UpdateState) => void): () => void {
  if (feed.source === 'none') {
    log.info(`updates: off (${feed.why})`);
    return () => undefined;
  }
  const { autoUpdater } = electronUpdater;
  if (feed.source === 'environment') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  // Never restarted under the store's tills: the new version starts the next time Backroom does.
  autoUpdater.autoInstallOnAppQuit = true;

  let ready = false;
  let pendingVersion = '';
  autoUpdater.on('checking-for-update', () => onState({ phase: 'checking' }));
  autoUpdater.on('update-not-available', () => onState({ phase: 'current' }));
  autoUpdater.on('update-available', (info) => {
    pendingVersion = info.version;
  });
  autoUpdater.on('download-progress', (progress) =>
    onState({ phase: 'downloading', version: pendingVersion, percent: progress.percent }),
  );
  autoUpdater.on('update-downloaded', (info) => {
    ready = true;
    onState({ phase: 'ready', version: info.version });
  });

  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    autoUpdater
      .checkForUpdates()
      .then(
        () => {
          failures = 0;
        },
        (error: unknown) => {
          failures += 1;
          log.warn('updates: could not look for updates:', error);
          onState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
        },
      )
      .finally(() => {
        // Once an update waits for the quit there is nothing more to look for in this run.
        if (!ready) timer = setTimeout(check, nextCheckMs(failures));
      });
  };
  timer = setTimeout(check, FIRST_CHECK_MS);
  log.info(`updates: from ${feed.source === 'environment' ? feed.url : 'the feed packaged with the app'}`);
  return () => clearTimeout(timer);
}
