/**
 * Pull pages with Content-Encoding (issue 11): a client that lists gzip in Accept-Encoding gets shared (full) pages
 * gzipped, which unpack to exactly the bytes every other client gets; a client that does not ask — the SDK, and any
 * vendor's client that never sends the header — gets the page as it always did. The tail page is never compressed.
 */
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/main/hub/http/accept-encoding.js';
import { seedCatalog, startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The answer's bytes as they came, not decoded. */
function rawGet(url: string, token: string, acceptEncoding?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
    const request = https.get(url, { headers, rejectUnauthorized: false, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

describe('acceptsGzip', () => {
  it('takes gzip only when it is named and not refused', () => {
    for (const header of ['gzip', 'gzip, deflate, br', 'br;q=1.0, GZIP;q=0.5', ' deflate , gzip ;q=1']) {
      expect(acceptsGzip(header), header).toBe(true);
    }
    expect(acceptsGzip(['deflate', 'gzip'])).toBe(true);
    for (const header of [undefined, '', 'identity', 'deflate, br', '*', 'gzip;q=0', 'gzip; q=0.000', 'x-gzip']) {
      expect(acceptsGzip(header), String(header)).toBe(false);
    }
  });
});

describe('GET /v1/events and Accept-Encoding', () => {
  let t: DeviceTestHub;
  const till = new TestDevice();

  beforeAll(async () => {
    t = await startDeviceTestHub();
    await seedCatalog(t, 10);
    await t.pair(till);
  });
  afterAll(() => t.hub.stop());

  it('gzips a full page for a client that asks, to the very bytes others get as they are', async () => {
    const url = `${t.lanUrl}/v1/events?after=0&limit=2`;
    const plain = await rawGet(url, till.token);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(JSON.parse(plain.body.toString('utf8'))).toMatchObject({ cursor: 2, hasMore: true });

    const gzipped = await rawGet(url, till.token, 'gzip, deflate, br');
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);

    for (const refusing of ['deflate, br', 'gzip;q=0', '*']) {
      const answer = await rawGet(url, till.token, refusing);
      expect(answer.headers['content-encoding'], refusing).toBeUndefined();
      expect(answer.body.equals(plain.body), refusing).toBe(true);
    }
  });

  it('sends the tail page as it is even to a client that takes gzip', async () => {
    const head = t.hub.context.ledger.head().cursor;
    const tail = await rawGet(`${t.lanUrl}/v1/events?after=${head - 1}&limit=5`, till.token, 'gzip');
    expect(tail.status).toBe(200);
    expect(tail.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(tail.body.toString('utf8'))).toMatchObject({ cursor: head, hasMore: false });
  });

  it('answers a request without a valid token 401 whatever it accepts', async () => {
    const answer = await rawGet(`${t.lanUrl}/v1/events?after=0&limit=2`, 'not-a-token', 'gzip');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });
});
