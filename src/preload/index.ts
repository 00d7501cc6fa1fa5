/**
 * Sandboxed preload (built to out/preload/index.cjs, CommonJS because sandboxed preloads cannot be ES modules).
 * Exposes only what a browser tab cannot know; everything else the UI gets from the hub over HTTP/WebSocket.
 * Never pass ipcRenderer itself through: the page would gain every channel.
 */
import { contextBridge, ipcRenderer } from 'electron';

import { DESKTOP_LOGIN_TOKEN_CHANNEL, HUB_ORIGIN_ARGUMENT, type DesktopBridge } from '../shared/desktop-bridge.js';

const hubOrigin = process.argv.find((arg) => arg.startsWith(HUB_ORIGIN_ARGUMENT))?.slice(HUB_ORIGIN_ARGUMENT.length);

if (hubOrigin) {
  const bridge: DesktopBridge = {
    hubOrigin,
    desktop: true,
    getLoginToken: async () => {
      const token: unknown = await ipcRenderer.invoke(DESKTOP_LOGIN_TOKEN_CHANNEL);
      return typeof token === 'string' ? token : null;
    },
  };
  contextBridge.exposeInMainWorld('backroom', bridge);
}
