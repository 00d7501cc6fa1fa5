/**
 * Tray icon. The hub keeps serving the store LAN after the window is closed, so the tray is how the manager sees that
 * it is still running and how the app is actually quit.
 */
import { Menu, nativeImage, Tray } from 'electron';

export interface HubTrayOptions {
  iconPath: string;
  onOpen(): void;
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

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const label = STATE_LABELS[this.state] ?? `Hub ${this.state}`;
    this.tray.setToolTip(this.detail ? `Backroom — ${label}\n${this.detail}` : `Backroom — ${label}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Backroom', click: () => this.options.onOpen() },
        { type: 'separator' },
        { label, enabled: false },
        ...(this.detail ? [{ label: this.detail, enabled: false }] : []),
        { type: 'separator' },
        { label: 'Quit Backroom', click: () => this.options.onQuit() },
      ]),
    );
  }
}
