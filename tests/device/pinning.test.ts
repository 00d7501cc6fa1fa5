/**
 * Certificate pinning against real TLS servers on 127.0.0.1 with a self-signed certificate: the device talks only
 * to the certificate it pinned, and to any other it sends nothing at all — not the request, not the token.
 */
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PinMismatchError } from '../../src/device/core/errors.js';
import { HttpsTransport } from '../../src/device/node/https-transport.js';
import { peerFingerprint } from '../../src/device/node/pinned-tls.js';

interface Pem {
  key: string;
  cert: string;
  fingerprint: string;
}

async function selfSigned(): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: 'hub.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
  });
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

let hubCert: Pem;
let otherCert: Pem;
let httpsServer: https.Server;
let httpsUrl: string;
const requests: Array<{ url: string; authorization: string | undefined }> = [];
let connections = 0;
/** A raw TLS server that records every byte a client sends after the handshake. */
let rawServer: tls.Server;
let rawUrl: string;
const rawBytes: Buffer[] = [];

beforeAll(async () => {
  [hubCert, otherCert] = await Promise.all([selfSigned(), selfSigned()]);
  httpsServer = https.createServer({ key: hubCert.key, cert: hubCert.cert }, (request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true, url: request.url }));
  });
  httpsServer.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;

  rawServer = tls.createServer({ key: hubCert.key, cert: hubCert.cert }, (socket) => {
    socket.on('data', (chunk: Buffer) => rawBytes.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
  rawUrl = `https://127.0.0.1:${(rawServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  httpsServer.closeAllConnections();
  await new Promise((resolve) => httpsServer.close(resolve));
  await new Promise((resolve) => rawServer.close(resolve));
});

describe('pinned HTTPS transport', () => {
  it('talks to the pinned certificate and keeps the connection alive between requests', async () => {
    const transport = new HttpsTransport({ url: httpsUrl, fingerprint: hubCert.fingerprint });
    const before = { requests: requests.length, connections };
    const first = await transport.request('POST', '/v1/events', { events: [] }, 'token-1');
    const second = await transport.request('GET', '/v1/state', undefined, 'token-1');
    transport.close();
    expect(first).toEqual({ status: 200, body: { ok: true, url: '/v1/events' } });
    expect(second.status).toBe(200);
    expect(requests.slice(before.requests)).toEqual([
      { url: '/v1/events', authorization: 'Bearer token-1' },
      { url: '/v1/state', authorization: 'Bearer token-1' },
    ]);
    expect(connections - before.connections).toBe(1);
  });

  it('accepts the pin in any hex spelling', async () => {
    const lowerNoColons = hubCert.fingerprint.replaceAll(':', '').toLowerCase();
    const transport = new HttpsTransport({ url: httpsUrl, fingerprint: lowerNoColons });
    expect((await transport.request('GET', '/ping')).status).toBe(200);
    transport.close();
  });

  it('refuses a server with another certificate before sending a single byte', async () => {
    const transport = new HttpsTransport({ url: rawUrl, fingerprint: otherCert.fingerprint });
    const attempt = transport.request('POST', '/v1/events', { events: ['secret'] }, 'secret-token');
    await expect(attempt).rejects.toBeInstanceOf(PinMismatchError);
    await expect(attempt).rejects.toMatchObject({ expected: otherCert.fingerprint, actual: hubCert.fingerprint });
    transport.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(Buffer.concat(rawBytes).length).toBe(0);
  });

  it('refuses the live stream too, without sending the upgrade request or the token', async () => {
    const transport = new HttpsTransport({ url: rawUrl, fingerprint: otherCert.fingerprint });
    const closed = await new Promise<Error | undefined>((resolve) => {
      transport.openStream('secret-token', {
        onOpen: () => resolve(new Error('opened')),
        onMessage: () => undefined,
        onClose: resolve,
      });
    });
    transport.close();
    expect(closed).toBeInstanceOf(PinMismatchError);
    expect(Buffer.concat(rawBytes).length).toBe(0);
  });

  it('reads a server fingerprint without sending anything (trust on first use for tools)', async () => {
    expect(await peerFingerprint(rawUrl)).toBe(hubCert.fingerprint);
    expect(Buffer.concat(rawBytes).length).toBe(0);
  });
});
