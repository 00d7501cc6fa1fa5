import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
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
 * Our side of `socket` is ended, what the client still sends is read and dropped, and the socket is destroyed (with
 * `destroy`) once the client has closed its side, or after LINGER_MS.
 */
function closeLingering(socket: Duplex, destroy: () => void = () => socket.destroy()): void {
  if (socket.writable) socket.end();
  const timer = setTimeout(destroy, LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', destroy);
  socket.resume();
}

/**
 * Whether Node handed this request's socket to the 'upgrade' listeners (`Connection: upgrade` with an `Upgrade`
 * header). It does so before reading any body: to Node everything after the headers belongs to the new protocol, so
 * the request counts as complete with an empty body, and whatever body the client sends stays unread on the socket.
 * No HTTP parser is left on that socket either, so it can serve no further request. @types/node 20 does not declare
 * `upgrade`.
 */
export function isUpgradeRequest(raw: IncomingMessage): boolean {
  return (raw as { upgrade?: boolean }).upgrade === true;
}

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
  closeLingering(socket);
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
  // An upgrade request's body never reaches `raw` (see isUpgradeRequest): lingerAfterUpgradeAnswers reads it.
  if (raw.complete || raw.destroyed || isUpgradeRequest(raw) || waitsForContinue || declared > maxBytes) {
    return Promise.resolve();
  }
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
      closeLingering(this);
    };
  });
}

/**
 * The same lingering close for an upgrade request the hub answers in HTTP instead of switching protocols (not a
 * WebSocket route, no auth, no such route): its socket was handed over with the client's body, if any, unread (see
 * isUpgradeRequest), and @fastify/websocket destroys it as soon as the answer is written, which with unread input is
 * a reset (the fuzz run: write EPIPE / ECONNRESET on over-limit bodies sent with handshake headers). Such an answer
 * says `connection: close`, since nothing can read another request from that socket; once it is written the socket
 * closes lingering, and a plain `destroy()` meanwhile (the plugin's) is left to the lingering close. A destroy with
 * an error still destroys at once.
 *
 * Register before @fastify/websocket, so these hooks run before its own.
 */
export function lingerAfterUpgradeAnswers(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isUpgradeRequest(request.raw)) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request) => {
    if (isUpgradeRequest(request.raw)) closeUpgradeSocket(request.raw.socket);
  });
}

const closingUpgradeSockets = new WeakSet<Duplex>();

/** A lingering close of an upgrade request's socket, answered in HTTP; also for answers given before routing. */
export function closeUpgradeSocket(socket: Duplex): void {
  if (socket.destroyed || closingUpgradeSockets.has(socket)) return;
  closingUpgradeSockets.add(socket);
  const destroy = socket.destroy;
  const destroyNow = () => {
    socket.destroy = destroy;
    socket.destroy();
  };
  socket.destroy = function destroyUnlessPlain(this: Duplex, error?: Error) {
    return error ? destroy.call(this, error) : this;
  };
  closeLingering(socket, destroyNow);
}
