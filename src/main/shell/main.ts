/**
 * Electron main-process entry (built to out/main/shell.js). Deliberately thin: the hub core runs in a utilityProcess
 * and owns all business logic; the shell only provides what needs Electron (window, tray, safeStorage, single
 * instance).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { app, dialog, ipcMain, Notification, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';

import { DESKTOP_LOGIN_TOKEN_CHANNEL } from '../../shared/desktop-bridge.js';
import { isStartFailure, type AttentionSummary, type ReportedHubStatus } from '../hub/host/host-messages.js';
import { AttentionNotices, trayBadge, trayLines, type DesktopNotice } from './attention.js';
import { HubProcess } from './hub-process.js';
import { SafeStorageSecretStore, type ShellLogger } from './safe-storage-secrets.js';
import { HubTray } from './tray.js';
import { updateFeed, updateLine } from './update-policy.js';
import { startUpdates } from './updater.js';
import { createMainWindow, guardAllWebContents } from './window.js';

const log: ShellLogger = console;

// Built layout: out/main/{shell,hub-process}.js and out/preload/index.cjs; resources/ sits at the app root.
const outMainDir = import.meta.dirname;
const hubEntry = join(outMainDir, 'hub-process.js');
const preloadPath = join(outMainDir, '..', 'preload', 'index.cjs');
const resourcePath = (file: string): string => join(app.getAppPath(), 'resources', file);

let hub: HubProcess | undefined;
let tray: HubTray | undefined;
let mainWindow: BrowserWindow | undefined;
let uiUrl: string | undefined;
let hubOrigin: string | undefined;
let quitting = false;
let stopUpdates: (() => void) | undefined;
const notices = new AttentionNotices();

/** Brings the window up; on `route` (a screen of the UI) when given, as a notification or a tray line asks. */
function openWindow(route?: string): void {
  const target = uiUrl && route ? new URL(route, uiUrl).toString() : undefined;
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    if (target) void mainWindow.loadURL(target);
    mainWindow.show();
    mainWindow.focus();
    return;
  }
  // Before the hub is ready there is nothing to show; the tray already says "starting".
  if (!uiUrl) return;
  mainWindow = createMainWindow({ uiUrl: target ?? uiUrl, preloadPath, iconPath: resourcePath('icon.png') });
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

function onHubStatus(status: ReportedHubStatus): void {
  if (isStartFailure(status)) {
    tray?.setState('failed', status.startError);
    dialog.showErrorBox('Backroom hub could not start', status.startError);
    return;
  }
  tray?.setState(status.state, status.lanUrl || undefined);
  if (status.state === 'ready' && !uiUrl) {
    const url = status.uiUrl;
    uiUrl = url;
    hubOrigin = new URL(url).origin;
    guardAllWebContents(hubOrigin);
    openWindow();
  }
}

/** Closed to the tray, minimised or not shown: the manager would not see the screen change. */
function windowHidden(): boolean {
  return !mainWindow || mainWindow.isDestroyed() || !mainWindow.isVisible() || mainWindow.isMinimized();
}

function showNotice(notice: DesktopNotice): void {
  if (!Notification.isSupported()) return;
  const shown = new Notification({ title: notice.title, body: notice.body, icon: resourcePath('icon.png') });
  shown.on('click', () => openWindow(notice.route));
  shown.show();
}

function onAttention(attention: AttentionSummary): void {
  tray?.setAttention(trayLines(attention), trayBadge(attention));
  for (const notice of notices.update(attention, windowHidden())) showNotice(notice);
}

/** Only our own window, showing the hub's page in its top frame, may spend a login token. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  if (!mainWindow || mainWindow.isDestroyed() || event.sender !== mainWindow.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame || !hubOrigin) return false;
  try {
    return new URL(frame.url).origin === hubOrigin;
  } catch {
    return false;
  }
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const secrets = await SafeStorageSecretStore.open({ userDataDir: userData, log });

  ipcMain.handle(DESKTOP_LOGIN_TOKEN_CHANNEL, async (event) => {
    if (!isTrustedSender(event)) {
      log.warn(`shell: refused ${DESKTOP_LOGIN_TOKEN_CHANNEL} from ${event.senderFrame?.url ?? 'unknown frame'}`);
      return null;
    }
    return (await hub?.requestLoginToken()) ?? null;
  });

  tray = new HubTray({ iconPath: resourcePath('tray.png'), onOpen: openWindow, onQuit: () => app.quit() });

  hub = HubProcess.start({
    entry: hubEntry,
    dataDir: join(userData, 'data'),
    secrets,
    log,
    onStatus: onHubStatus,
    onAttention,
    onUnexpectedExit: (code) => {
      log.error(`shell: hub process exited unexpectedly with code ${code}`);
      tray?.setState('failed', `hub process exited (code ${code})`);
    },
  });

  const feed = updateFeed({
    envUrl: process.env.BACKROOM_UPDATE_URL,
    packaged: app.isPackaged,
    packagedFeed: existsSync(join(process.resourcesPath, 'app-update.yml')),
  });
  stopUpdates = startUpdates(feed, log, (state) => tray?.setUpdate(updateLine(state)));
}

if (!app.requestSingleInstanceLock()) {
  // Two hubs would fight over the same SQLite file and ports; the first instance gets focused instead.
  app.quit();
} else {
  app.on('second-instance', () => openWindow());
  app.on('activate', () => openWindow());
  // Closing the window must not stop the hub: tills keep syncing to it. Quitting is explicit, from the tray.
  app.on('window-all-closed', () => undefined);

  app.on('before-quit', (event) => {
    if (!hub?.running) return;
    // Hold the quit until the hub has closed its listeners and database, then quit for real.
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    stopUpdates?.();
    tray?.setState('stopping');
    void hub.stop().then(
      () => {
        tray?.destroy();
        app.quit();
      },
      (error: unknown) => {
        // The hub may still be running, so a plain quit would land here again; leave without the ceremony.
        log.error('shell: stopping the hub failed:', error);
        app.exit(1);
      },
    );
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error('shell: startup failed:', error);
      dialog.showErrorBox('Backroom could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
