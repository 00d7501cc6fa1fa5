import type { AdminNotice } from '../api/types.js';

export type StreamState = 'connecting' | 'open' | 'closed';

export interface AdminStreamHandlers {
  onNotice(notice: AdminNotice): void;
  /** `reconnected` is true when the socket opens again after a drop: notices may have been missed meanwhile. */
  onState(state: StreamState, reconnected: boolean): void;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 15_000];

/** `ws://` or `wss://` to the page's own origin: the admin stream is same-origin, so the session cookie goes along. */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/admin/stream`;
}

function parseNotice(data: unknown): AdminNotice | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as unknown;
    return typeof value === 'object' && value !== null && 'type' in value ? (value as AdminNotice) : undefined;
  } catch {
    return undefined;
  }
}

/** The admin WebSocket, reconnecting with growing pauses until stopped. */
export class AdminStream {
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private everOpened = false;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: AdminStreamHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = undefined;
  }

  private connect(): void {
    this.handlers.onState('connecting', false);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.failures = 0;
      this.handlers.onState('open', this.everOpened);
      this.everOpened = true;
    });
    socket.addEventListener('message', (event) => {
      const notice = parseNotice(event.data);
      if (notice) this.handlers.onNotice(notice);
    });
    socket.addEventListener('close', () => {
      if (this.stopped || this.socket !== socket) return;
      this.handlers.onState('closed', false);
      const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
      this.failures += 1;
      this.timer = setTimeout(() => this.connect(), delay);
    });
  }
}
