/**
 * A request with WebSocket handshake headers (`Connection: upgrade`, `Upgrade: …`) that also carries a body, refused
 * in plain HTTP: not a WebSocket route, no auth on a stream route, a path parameter too long. Node hands an upgrade
 * request's socket over with everything after the headers unread (to Node the body is the new protocol's first
 * bytes), so nothing reads that body unless the hub does. Destroying the socket after the answer, with the body
 * unread, makes the kernel send a reset: the client, still sending, sees `write EPIPE` / `ECONNRESET` and loses the
 * answer (the long fuzz run, `--seed 61206`: every one of its resets was such a request with an over-limit body).
 *
 * The client here reads the answer first and only then sends the rest of its body, as a client that does not look at
 * the answer until its upload is done (node:http, curl) does: the hub must close with a lingering close.
 */
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';

const BODY_LIMIT = 64 * 1024;
const HANDSHAKE =
  'Connection: upgrade, keep-alive\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

interface Outcome {
  status: number;
  connection?: string;
  /** the socket error the client saw while sending the rest of its body, e.g. EPIPE or ECONNRESET */
  socketError?: string;
  /** whether the hub closed its side with a FIN (rather than a reset) */
  ended: boolean;
}

/**
 * Sends the head and the first 16 KiB of a `size`-byte body, waits for the whole answer head, then sends the rest of
 * the body and half-closes; resolves when the hub has closed the connection.
 */
function upload(base: string, method: string, path: string, headers: string, size: number): Promise<Outcome> {
  const { hostname, port, protocol } = new URL(base);
  return new Promise((resolve) => {
    const first = 16 * 1024;
    const connected = () => {
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: hub\r\n${headers}${HANDSHAKE}` +
          `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(first, 'y'));
    };
    const socket =
      protocol === 'https:'
        ? tls.connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, connected)
        : net.connect({ host: hostname, port: Number(port) }, connected);
    let received = '';
    let restSent = false;
    const outcome: Outcome = { status: 0, ended: false };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const head = received.split('\r\n\r\n')[0]!;
      if (restSent || !received.includes('\r\n\r\n')) return;
      restSent = true;
      outcome.status = Number(head.split(' ')[1]);
      outcome.connection = /\r\nconnection: *([^\r]*)/i.exec(head)?.[1]?.toLowerCase();
      const rest = Buffer.alloc(size - first, 'y');
      let offset = 0;
      const pump = () => {
        while (offset < rest.length && !socket.destroyed) {
          const chunk = rest.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
    socket.on('end', () => (outcome.ended = true));
    socket.on('error', (error: NodeJS.ErrnoException) => (outcome.socketError = error.code ?? error.message));
    socket.on('close', () => resolve(outcome));
    setTimeout(() => socket.destroy(new Error('the hub kept the connection open for 5 s')), 5_000).unref();
  });
}

describe('a refused upgrade request that carries a body', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();

  beforeAll(async () => {
    t = await startDeviceTestHub({ 'limits.bodyBytes': BODY_LIMIT });
    await t.pair(till);
  });
  afterAll(async () => {
    await t?.hub.stop();
  });

  it('lets the client send its whole body and read the refusal, then closes without a reset', async () => {
    const cookie = `Cookie: ${t.cookie}\r\n`;
    const bearer = `Authorization: Bearer ${till.token}\r\n`;
    const cases: [url: string, method: string, path: string, headers: string, status: number][] = [
      [t.uiUrl, 'PUT', '/v1/admin/settings/invoicing', cookie, 400],
      [t.lanUrl, 'POST', '/v1/print-jobs', bearer, 400],
      [t.lanUrl, 'GET', '/v1/stream', '', 401],
      [t.uiUrl, 'POST', `/v1/admin/upstream/jobs/${'x'.repeat(101)}/cancel`, cookie, 414],
    ];
    const seen: Record<string, Outcome[]> = {};
    const expected: Record<string, Outcome[]> = {};
    // Within the limit and well over it: a refused handshake is refused whatever the body.
    for (const size of [BODY_LIMIT / 2, BODY_LIMIT * 16]) {
      for (const [url, method, path, headers, status] of cases) {
        const key = `${method} ${url.split(':')[0]} ${path.slice(0, 40)}, ${size} bytes`;
        seen[key] = await Promise.all(Array.from({ length: 3 }, () => upload(url, method, path, headers, size)));
        expected[key] = seen[key].map(() => ({ status, connection: 'close', ended: true }));
      }
    }
    expect(seen).toEqual(expected);
  });
});
