/**
 * Tray icon. The hub keeps serving the store LAN after the window is closed, so the tray is how the manager sees that
 * it is still running and how the app is actually quit.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';

import type { TrayLine } from './attention.js';

export interface HubTrayOptions {
  iconPath: string;
  /** Opens the window, on `route` when given (a tray line about approvals opens the Approvals screen). */
  onOpen(route?: string): void;
  onQuit(): void;
}

const STATE_LABELS: Record<string, string> = {
  starting: 'Hub starting…',
  ready: 'Hub running',
  stopping: 'Hub stopping…',
  stopped: 'Hub stopped',
  failed: 'Hub failed — see logs',
};

export class HubTray {
  private readonly tray: Tray;
  private state = 'starting';
  private detail: string | undefined;
  private waiting: TrayLine[] = [];
  private badge = '';
  private update: string | undefined;

  constructor(private readonly options: HubTrayOptions) {
    const icon = nativeImage.createFromPath(options.iconPath);
    this.tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
    // Windows and Linux users expect a left click to bring the window back; macOS opens the menu instead.
    this.tray.on('click', () => options.onOpen());
    this.render();
  }

  /** `detail` is shown as a second line, e.g. the LAN URL devices pair with, or why the hub failed. */
  setState(state: string, detail?: string): void {
    this.state = state;
    this.detail = detail;
    this.render();
  }

  /** What waits for a person (attention.ts decides the lines and the badge). */
  setAttention(lines: TrayLine[], badge: string): void {
    this.waiting = lines;
    this.badge = badge;
    this.render();
  }

  /** The line about a pending update, or none. */
  setUpdate(line: string | undefined): void {
    this.update = line;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const label = STATE_LABELS[this.state] ?? `Hub ${this.state}`;
    const texts = [this.detail, ...this.waiting.map((line) => line.text), this.update].filter(Boolean);
    this.tray.setToolTip([`Backroom — ${label}`, ...texts].join('\n'));
    // Only macOS shows a title beside the icon; elsewhere the tooltip and the menu carry the counts.
    this.tray.setTitle(this.badge);
    const waiting: MenuItemConstructorOptions[] = this.waiting.map((line) =>
      line.route
        ? { label: line.text, click: () => this.options.onOpen(line.route) }
        : { label: line.text, enabled: false },
    );
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Backroom', click: () => this.options.onOpen() },
        { type: 'separator' },
        { label, enabled: false },
        ...(this.detail ? [{ label: this.detail, enabled: false }] : []),
        ...(waiting.length > 0 ? [{ type: 'separator' as const }, ...waiting] : []),
        ...(this.update ? [{ type: 'separator' as const }, { label: this.update, enabled: false }] : []),
        { type: 'separator' },
        { label: 'Quit Backroom', click: () => this.options.onQuit() },
      ]),
    );
  }
}
