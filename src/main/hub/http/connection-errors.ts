import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { errorBody } from './http-error.js';

/**
 * How long a connection we are closing keeps reading (and discarding) what the client still sends. Closing a socket
 * with unread input makes the kernel send a reset, and a reset makes the client's TCP stack drop our answer unread
 * (RFC 9112 §9.6, "lingering close").
 */
const LINGER_MS = 2000;
/** How much of a refused body is read, in body limits; a client declaring more is answered at once. */
const DRAIN_BODY_LIMITS = 4;

type ConnectionErrorHeaders = (request?: IncomingMessage) => Record<string, string>;

/**
 * An error answer written straight to a socket that no HTTP response object owns any more (a framing error, a
 * refused WebSocket handshake), then a lingering close.
 */
function answerOnSocket(
  socket: Duplex,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string>,
) {
  if (!socket.writable) return;
  const payload = JSON.stringify(errorBody(code, message));
  const head = Object.entries({
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    connection: 'close',
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${payload}`);
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
}

/** Node's own mapping of parser errors to statuses, in the error format instead of Fastify's default body. */
function clientErrorAnswer(code: string | undefined): [status: number, code: string, message: string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'HEADERS_TOO_LARGE', 'the request line and headers are larger than allowed'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'PAYLOAD_TOO_LARGE', 'the chunk extensions are larger than allowed'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'REQUEST_TIMEOUT', 'the request took too long to arrive'];
    default:
      return [400, 'MALFORMED_REQUEST', 'the request is not valid HTTP/1.1'];
  }
}

/** Fastify's `clientErrorHandler`: HTTP the parser could not read. */
export function clientErrorHandler(headers: ConnectionErrorHeaders) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    answerOnSocket(socket, ...clientErrorAnswer(error.code), headers());
  };
}

/**
 * ws answers a bad handshake (missing or invalid Sec-WebSocket-Key, unknown version, unparsable subprotocols) with
 * plain text unless someone listens for `wsClientError`; its messages name the header at fault.
 */
export function answerHandshakeErrors(server: WebSocketServer, headers: ConnectionErrorHeaders): void {
  server.on('wsClientError', (error: Error, socket: Duplex, request: IncomingMessage) => {
    // RFC 6455 §4.4: a refused version is answered with the versions the server speaks.
    const versions: Record<string, string> = /version/i.test(error.message) ? { 'sec-websocket-version': '13, 8' } : {};
    answerOnSocket(socket, 400, 'BAD_HANDSHAKE', error.message, { ...headers(request), ...versions });
  });
}

/**
 * Reads and discards the rest of a body that is refused (bounded by time and size) before the refusal is sent with
 * `connection: close`: see LINGER_MS. A client that asked `Expect: 100-continue` and was not told to continue sends
 * nothing more, so there is nothing to wait for.
 */
export function drainRefusedBody(raw: IncomingMessage, bodyLimit: number): Promise<void> {
  const declared = Number(raw.headers['content-length']);
  const waitsForContinue = /^100-continue$/i.test(raw.headers.expect ?? '') && declared > bodyLimit;
  const maxBytes = DRAIN_BODY_LIMITS * bodyLimit;
  if (raw.complete || raw.destroyed || waitsForContinue || declared > maxBytes) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', count).off('end', done).off('close', done);
      resolve();
    };
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) done();
    };
    const timer = setTimeout(done, LINGER_MS);
    raw.on('data', count).once('end', done).once('close', done).resume();
  });
}

/**
 * Node answers `Expect: 100-continue` with 100 before any handler runs unless 'checkContinue' is handled. A body
 * declared over the limit is refused instead: the request goes on without the 100, and Fastify answers 413.
 */
export function answerExpectContinue(server: Server, bodyLimit: number): void {
  server.on('checkContinue', (request, response) => {
    if (!(Number(request.headers['content-length']) > bodyLimit)) response.writeContinue();
    server.emit('request', request, response);
  });
}

/**
 * Every connection the hub closes lingers: Node answers a request whose body it has not read (a 413, a 401 from an
 * auth hook, a GET sent with a body) with `connection: close` and then destroys the socket as soon as the answer is
 * written, while the client is still sending. The unread input makes the kernel send a reset, and the client loses
 * the answer (the fuzz run: about one in seven over-limit requests). Instead our side is ended, what still arrives is
 * read and dropped, and the socket is destroyed when the client closes its side or after LINGER_MS.
 */
export function lingerOnClose(server: Server, tls: boolean): void {
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    socket.destroySoon = function lingeringDestroySoon(this: Socket) {
      if (this.writable) this.end();
      const timer = setTimeout(() => this.destroy(), LINGER_MS);
      this.once('close', () => clearTimeout(timer));
      this.once('end', () => this.destroy());
      this.resume();
    };
  });
}
