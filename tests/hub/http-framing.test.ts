/**
 * What a client sees when its request cannot be routed, parsed or upgraded, read from raw sockets because framing is
 * the point: every answer is in the error format with `connection: close`, and is read, not lost to a reset.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape, type HttpAnswer } from '../helpers/ledger-http.js';

const BODY_LIMIT = 4096;

interface RawAnswer extends HttpAnswer {
  /** Status lines of interim (1xx) answers before the final one. */
  interim: string[];
  /** The socket error the client saw, e.g. ECONNRESET. */
  socketError?: string;
}

function parseAnswer(raw: string, socketError?: string): RawAnswer {
  const blocks = raw.split('\r\n\r\n');
  const interim: string[] = [];
  while (blocks.length > 1 && /^HTTP\/1\.1 1\d\d/.test(blocks[0]!)) interim.push(blocks.shift()!);
  const [head = '', ...rest] = blocks;
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, text: rest.join('\r\n\r\n'), interim, socketError };
}

/** Writes `request` (then `body`, if any) and reads until the server closes. */
function exchange(url: string, request: string, body?: Buffer): Promise<RawAnswer> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const connected = () => {
      socket.write(request);
      if (body) socket.write(body);
    };
    const socket =
      protocol === 'https:'
        ? tls.connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, connected)
        : net.connect({ host: hostname, port: Number(port) }, connected);
    const chunks: Buffer[] = [];
    let socketError: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (socketError = error.code));
    socket.on('close', () => resolve(parseAnswer(Buffer.concat(chunks).toString('latin1'), socketError)));
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: hub\r\n${headers}\r\n`;
const postHead = (length: number, headers = '') =>
  `POST /v1/admin/session HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${headers}\r\n`;

function expectClosingError(answer: RawAnswer, status: number, code: string) {
  expectErrorShape(answer, status, code);
  expect(answer.headers.connection).toBe('close');
}

describe('framing, routing and handshake errors on both listeners', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();

  beforeAll(async () => {
    t = await startDeviceTestHub({ 'limits.bodyBytes': BODY_LIMIT });
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  it('answers a bad percent-encoding with 400 and an over-long path parameter with 414, in the error format', async () => {
    const auth = `Authorization: Bearer ${till.token}\r\n`;
    expectErrorShape(
      await exchange(t.lanUrl, get('/v1/print-jobs/%zz', `${auth}Connection: close\r\n`)),
      400,
      'BAD_REQUEST',
    );
    expectErrorShape(
      await exchange(t.uiUrl, get('/v1/admin/alerts/%zz/ack', 'Connection: close\r\n')),
      400,
      'BAD_REQUEST',
    );
    const long = `/v1/print-jobs/${'a'.repeat(101)}`;
    expectErrorShape(await exchange(t.lanUrl, get(long, `${auth}Connection: close\r\n`)), 414, 'URI_TOO_LONG');
  });

  it('answers HTTP it cannot parse in the error format, with connection: close', async () => {
    for (const url of [t.uiUrl, t.lanUrl]) {
      expectClosingError(await exchange(url, get('/health', 'Bad Header\r\n')), 400, 'MALFORMED_REQUEST');
      expectClosingError(await exchange(url, 'NOT HTTP AT ALL\r\n\r\n'), 400, 'MALFORMED_REQUEST');
      expectClosingError(await exchange(url, get(`/${'a'.repeat(20_000)}`)), 431, 'HEADERS_TOO_LARGE');
      expectClosingError(
        await exchange(url, get('/health', `X-Big: ${'b'.repeat(20_000)}\r\n`)),
        431,
        'HEADERS_TOO_LARGE',
      );
    }
  });

  it('refuses a bad WebSocket handshake in the error format, not with ws plain text', async () => {
    const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\n';
    const goodKey = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const cases = [
      `${upgrade}Sec-WebSocket-Version: 13\r\n`,
      `${upgrade}Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n`,
      `${upgrade}${goodKey}Sec-WebSocket-Version: 7\r\n`,
      `${upgrade}${goodKey}`,
      `${upgrade}${goodKey}Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: a,,b\r\n`,
    ];
    for (const headers of cases) {
      const admin = await exchange(t.uiUrl, get('/v1/admin/stream', `Cookie: ${t.cookie}\r\n${headers}`));
      expectClosingError(admin, 400, 'BAD_HANDSHAKE');
      const device = await exchange(t.lanUrl, get('/v1/stream', `Authorization: Bearer ${till.token}\r\n${headers}`));
      expectClosingError(device, 400, 'BAD_HANDSHAKE');
    }
  });

  it('refuses a WebSocket handshake on a route that is not a WebSocket route, instead of switching protocols', async () => {
    const handshake =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const auth = `Authorization: Bearer ${till.token}\r\n`;
    const cases: [string, string][] = [
      [t.uiUrl, get('/health', handshake)],
      [t.uiUrl, get('/v1/admin/devices', `Cookie: ${t.cookie}\r\n${handshake}`)],
      [t.lanUrl, get('/health', handshake)],
      [t.lanUrl, get('/v1/state', `${auth}${handshake}`)],
    ];
    for (const [url, request] of cases) {
      const started = Date.now();
      const answer = await exchange(url, request);
      expectErrorShape(answer, 400, 'NOT_A_WEBSOCKET_ROUTE');
      // The hub lets go of the socket after answering; it does not wait for a close frame.
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // Refused before routing (a parameter over 100 characters), where no route hook drops the upgrade's socket.
    const started = Date.now();
    const tooLong = await exchange(
      t.uiUrl,
      `POST /v1/admin/upstream/jobs/${'x'.repeat(101)}/cancel HTTP/1.1\r\nHost: hub\r\nCookie: ${t.cookie}\r\n` +
        `${handshake}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expectErrorShape(tooLong, 414, 'URI_TOO_LONG');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses Expect: 100-continue with an over-limit Content-Length at once with 413, without 100 Continue', async () => {
    const answer = await exchange(t.uiUrl, postHead(BODY_LIMIT * 2, 'Expect: 100-continue\r\n'));
    expect(answer.interim).toEqual([]);
    expectClosingError(answer, 413, 'PAYLOAD_TOO_LARGE');
    // Within the limit the client is still told to go on.
    const body = Buffer.from(JSON.stringify({ name: 'Nobody', pin: '0000' }));
    const ok = await exchange(t.uiUrl, postHead(body.length, 'Expect: 100-continue\r\nConnection: close\r\n'), body);
    expect(ok.interim).toEqual(['HTTP/1.1 100 Continue']);
    expect(ok.status).toBe(401);
  });

  it('lets every client that sends an over-limit body read the 413 instead of a reset', async () => {
    const body = Buffer.alloc(BODY_LIMIT * 2, 'x');
    const clients = 100;
    const answers: RawAnswer[] = [];
    for (let batch = 0; batch < clients / 10; batch++) {
      answers.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => exchange(t.uiUrl, postHead(body.length), body)))),
      );
    }
    const lost = answers.filter((a) => a.status !== 413 || a.socketError);
    expect(lost.map((a) => `${a.status} ${a.socketError}`)).toEqual([]);
    expectClosingError(answers[0]!, 413, 'PAYLOAD_TOO_LARGE');
    // Chunked, so the limit is only found while reading, on the TLS listener.
    const chunked = `POST /v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${till.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    expectClosingError(await exchange(t.lanUrl, chunked, chunk), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('lets the client read an answer given before its body was read, instead of a reset', async () => {
    // Answered without reading the body: a GET (its body is ignored) and an admin call refused by its auth hook.
    // The body is larger than the socket buffers, so the client is still sending when the hub closes.
    const big = Buffer.alloc(BODY_LIMIT * 256, 'y');
    const send = (base: string, method: string, path: string) =>
      new Promise<string>((resolve) => {
        const { hostname, port, protocol } = new URL(base);
        const options = { host: hostname, port, method, path, agent: false, rejectUnauthorized: false };
        const request = (protocol === 'https:' ? https : http).request(
          { ...options, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } },
          (response) => {
            response.resume();
            response.on('end', () => resolve(String(response.statusCode)));
            response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
          },
        );
        request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        request.setTimeout(5_000, () => request.destroy(new Error('no whole answer within 5 s')));
        request.end(big);
      });
    const cases: [string, string, string, string][] = [
      [t.uiUrl, 'GET', '/v1/openapi.json', '200'],
      [t.lanUrl, 'GET', '/v1/openapi.json', '200'],
      [t.uiUrl, 'PUT', '/v1/admin/settings/connectors/probes', '401'],
    ];
    for (const [url, method, path, status] of cases) {
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => send(url, method, path)));
      expect(outcomes, `${method} ${url}${path}`).toEqual(outcomes.map(() => status));
    }
  });
});
