import https from 'node:https';
import type { ClientRequestArgs } from 'node:http';
import { TransportError } from '../core/errors.js';
import type { HubResponse, HubStream, HubTransport, StreamHandlers } from '../core/ports.js';
import { pinnedConnector, type ConnectCallback, type PinnedConnector } from './pinned-tls.js';
import { openWebSocketStream } from './ws-stream.js';

export interface HttpsTransportOptions {
  /** the hub's LAN listener, e.g. https://10.0.0.5:4849 */
  url: string;
  /** the pinned certificate fingerprint (mDNS TXT `fp`, or from pairing) */
  fingerprint: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Keeps connections alive between syncs; every new connection is pinned before it carries a request. */
class PinnedAgent extends https.Agent {
  constructor(private readonly connect: PinnedConnector) {
    // Session resumption would skip the certificate exchange the pin is checked on.
    super({ keepAlive: true, maxCachedSessions: 0 });
  }

  override createConnection(options: ClientRequestArgs, done?: ConnectCallback): undefined {
    // Node's Agent always passes the callback; without it the pinned socket could not be handed over.
    if (!done) throw new Error('PinnedAgent.createConnection needs its callback');
    return this.connect(options, done);
  }
}

/** The device protocol over HTTPS + WebSocket for Node devices, with certificate pinning. */
export class HttpsTransport implements HubTransport {
  private readonly base: URL;
  private readonly agent: PinnedAgent;
  private readonly connect: PinnedConnector;
  private readonly requestTimeoutMs: number;

  constructor(options: HttpsTransportOptions) {
    this.base = new URL(options.url);
    if (this.base.protocol !== 'https:') throw new Error(`the hub URL must be https: ${options.url}`);
    this.connect = pinnedConnector(options.fingerprint, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    this.agent = new PinnedAgent(this.connect);
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<HubResponse> {
    // Bytes, not a string: the string would be encoded twice, once to count it and again as the socket writes it.
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    try {
      return await this.send(method, path, payload, token);
    } catch (error) {
      // The hub may close an idle kept-alive connection just as it is reused, before the request reached it. Pushes
      // are idempotent by event id and pulls are reads (pairing, not repeatable, is a first request on a fresh
      // connection), so one retry on a new connection is safe.
      if (!(error instanceof StaleConnectionError)) throw error;
      return this.send(method, path, payload, token);
    }
  }

  openStream(token: string, handlers: StreamHandlers): HubStream {
    const url = new URL('/v1/stream', this.base);
    url.protocol = 'wss:';
    return openWebSocketStream(
      { url: url.href, token, connect: this.connect, timeoutMs: this.requestTimeoutMs },
      handlers,
    );
  }

  close(): void {
    this.agent.destroy();
  }

  private send(
    method: string,
    path: string,
    payload: Buffer | undefined,
    token: string | undefined,
  ): Promise<HubResponse> {
    return new Promise((resolve, reject) => {
      const request = https.request(new URL(path, this.base), {
        method,
        agent: this.agent,
        headers: {
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      });
      request.setTimeout(this.requestTimeoutMs, () =>
        request.destroy(
          new TransportError(`the hub did not answer ${method} ${path} within ${this.requestTimeoutMs} ms`),
        ),
      );
      request.once('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof TransportError) reject(error);
        else if (request.reusedSocket && error.code === 'ECONNRESET') reject(new StaleConnectionError());
        else reject(new TransportError(`${method} ${path} failed: ${error.message}`, { cause: error }));
      });
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) =>
          reject(new TransportError(`reading the hub's answer failed: ${error.message}`)),
        );
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }),
        );
      });
      request.end(payload);
    });
  }
}

class StaleConnectionError extends Error {}

function parseBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
