/**
 * The back-office window. It shows the hub's own UI over loopback HTTP, so the renderer is treated like any web page:
 * sandboxed, isolated, no Node, and pinned to the hub origin (no remote content, per DESIGN §9).
 */
import { app, BrowserWindow, type Session, type WebContents } from 'electron';

import { HUB_ORIGIN_ARGUMENT } from '../../shared/desktop-bridge.js';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface MainWindowOptions {
  /** Full UI URL from the hub status, e.g. http://127.0.0.1:8420/ */
  uiUrl: string;
  preloadPath: string;
  iconPath?: string;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function secureWebPreferences(hubOrigin: string, preloadPath?: string): Electron.WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    ...(preloadPath ? { preload: preloadPath, additionalArguments: [`${HUB_ORIGIN_ARGUMENT}${hubOrigin}`] } : {}),
  };
}

/**
 * Applies the navigation rules to every WebContents the app ever creates (including windows opened by the page), which
 * is why it hooks `web-contents-created` rather than only the main window.
 */
export function guardAllWebContents(hubOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, hubOrigin));
}

function guardWebContents(contents: WebContents, hubOrigin: string): void {
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (originOf(url) !== hubOrigin) {
      event.preventDefault();
      console.warn(`window: blocked navigation to ${url}`);
    }
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-frame-navigate', (details) => {
    if (originOf(details.url) !== hubOrigin) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (originOf(url) !== hubOrigin) {
      console.warn(`window: blocked window.open of ${url}`);
      return { action: 'deny' };
    }
    // Pages of the hub itself (e.g. a printable report) may open, but with the same lock-down and no bridge.
    return { action: 'allow', overrideBrowserWindowOptions: { webPreferences: secureWebPreferences(hubOrigin) } };
  });
}

/** Once per session: no permission prompts (camera, geolocation, notifications…) and our CSP on every response. */
function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders };
    // Header names arrive in whatever case the server used; drop all variants so ours is the only policy.
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
    }
    responseHeaders['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders });
  });
}

const lockedSessions = new WeakSet<Session>();

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const hubOrigin = originOf(options.uiUrl);
  if (!hubOrigin) throw new Error(`hub UI URL is not a URL: ${options.uiUrl}`);

  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Backroom',
    show: false,
    autoHideMenuBar: true,
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(hubOrigin, options.preloadPath),
  });

  const session = window.webContents.session;
  if (!lockedSessions.has(session)) {
    lockDownSession(session);
    lockedSessions.add(session);
  }

  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.uiUrl).catch((error: unknown) => {
    console.error(`window: could not load ${options.uiUrl}:`, error);
  });
  return window;
}
