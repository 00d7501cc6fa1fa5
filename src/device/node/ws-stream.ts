import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { HubError, TransportError } from '../core/errors.js';
import type { HubStream, StreamHandlers } from '../core/ports.js';
import type { HubStreamMessage } from '../../shared/protocol/device-api.js';
import type { PinnedConnector } from './pinned-tls.js';

/** The part of a `ws` client socket used here. */
interface WsClient {
  readonly readyState: number;
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'unexpected-response', listener: (request: ClientRequest, response: IncomingMessage) => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}

interface WsClientOptions {
  headers: Record<string, string>;
  createConnection: PinnedConnector;
  handshakeTimeout: number;
  perMessageDeflate: boolean;
}

type WsClientConstructor = new (url: string, options: WsClientOptions) => WsClient;

// Node 20 has no stable WebSocket client. `ws` (a dependency; @fastify/websocket uses it too) ships no type
// declarations; an ambient `declare module 'ws'` would also retype the hub's @fastify/websocket, so it is
// loaded untyped and narrowed to WsClient above.
const WebSocket = createRequire(import.meta.url)('ws') as WsClientConstructor;

const OPEN = 1;

export interface WebSocketStreamOptions {
  url: string;
  token: string;
  /** pinned connector: the upgrade request (with the token) goes out only over a verified connection */
  connect: PinnedConnector;
  timeoutMs: number;
}

/** `GET /v1/stream` over a pinned WebSocket. Handlers get JSON objects with a `type`; anything else is dropped. */
export function openWebSocketStream(options: WebSocketStreamOptions, handlers: StreamHandlers): HubStream {
  const socket = new WebSocket(options.url, {
    headers: { authorization: `Bearer ${options.token}` },
    createConnection: options.connect,
    handshakeTimeout: options.timeoutMs,
    perMessageDeflate: false,
  });
  let closed = false;
  const finish = (error?: Error) => {
    if (closed) return;
    closed = true;
    handlers.onClose(error);
  };
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data, isBinary) => {
    const message = isBinary ? undefined : parseMessage(data.toString('utf8'));
    if (message) handlers.onMessage(message);
  });
  socket.on('unexpected-response', (_request, response) => {
    // e.g. 401 DEVICE_REVOKED: read the error body so the engine can tell revocation from an outage
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => {
      finish(hubError(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
      socket.terminate();
    });
  });
  socket.on('error', (error) =>
    finish(error instanceof TransportError ? error : new TransportError(`hub stream failed: ${error.message}`)),
  );
  socket.on('close', () => finish());
  return {
    send(message) {
      if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
    },
    close() {
      if (socket.readyState === OPEN) socket.close();
      else socket.terminate();
    },
  };
}

function parseMessage(text: string): HubStreamMessage | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as HubStreamMessage;
    }
  } catch {
    // not JSON: dropped like any message this SDK does not understand
  }
  return undefined;
}

function hubError(status: number, body: string): HubError {
  try {
    const { error } = JSON.parse(body) as { error: { code: string; message: string } };
    return new HubError(status, error.code, error.message);
  } catch {
    return new HubError(status, `HTTP_${status}`, 'the hub refused the stream');
  }
}
