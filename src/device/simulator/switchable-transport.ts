import { TransportError } from '../core/errors.js';
import type { HubResponse, HubStream, HubTransport, StreamHandlers } from '../core/ports.js';

/**
 * A transport whose cable can be pulled: while cut off, requests fail as if the hub were out of reach and the live
 * stream drops, so the SDK does exactly what it does on a real outage (queue, decide payments locally, back off).
 */
export class SwitchableTransport implements HubTransport {
  private cut = false;
  private readonly streams = new Set<HubStream>();

  constructor(private readonly inner: HubTransport) {}

  get cutOff(): boolean {
    return this.cut;
  }

  cutOffFromHub(): void {
    this.cut = true;
    for (const stream of this.streams) stream.close();
  }

  reconnect(): void {
    this.cut = false;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<HubResponse> {
    if (this.cut) throw unreachable();
    return this.inner.request(method, path, body, token);
  }

  openStream(token: string, handlers: StreamHandlers): HubStream {
    if (this.cut) {
      queueMicrotask(() => handlers.onClose(unreachable()));
      return { send: () => undefined, close: () => undefined };
    }
    const stream: HubStream = this.inner.openStream(token, {
      ...handlers,
      onClose: (error) => {
        this.streams.delete(stream);
        handlers.onClose(error ?? (this.cut ? unreachable() : undefined));
      },
    });
    this.streams.add(stream);
    return stream;
  }

  close(): void {
    this.inner.close();
  }
}

function unreachable(): TransportError {
  return new TransportError('simulated outage: this device is cut off from the hub');
}
