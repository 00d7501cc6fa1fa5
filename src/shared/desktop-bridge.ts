/**
 * The one object the Electron preload puts on `window.backroom`. In a plain browser it is absent, so the UI must treat
 * it as optional and fall back to the normal login screen.
 */
export interface DesktopBridge {
  /** Origin of the hub's UI listener; the renderer is loaded from it, so this mostly serves API/WebSocket URLs. */
  readonly hubOrigin: string;
  readonly desktop: true;
  /**
   * A one-time token that logs the desktop user in without a PIN prompt. Null when the hub cannot issue one (not
   * ready, or no desktop login configured). Each call spends a token, so call it once per page load.
   */
  getLoginToken(): Promise<string | null>;
}

/** The single IPC channel the preload may invoke; the shell validates the sender before answering. */
export const DESKTOP_LOGIN_TOKEN_CHANNEL = 'backroom:get-login-token';

/** Prefix of the `additionalArguments` entry that carries the hub origin into the sandboxed preload. */
export const HUB_ORIGIN_ARGUMENT = '--backroom-hub-origin=';

declare global {
  interface Window {
    backroom?: DesktopBridge;
  }
}
