/**
 * The KSeF fake as the hub will meet it: Latarnia's two endpoints in the research's JSON, an API base a probe can
 * hit, and the faults a store lives with — a dead uplink, an unannounced API outage, a flaky Latarnia.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startKsefFake, type KsefFake } from '../../src/fakes/ksef/index.js';
import { httpProbe } from '../../src/main/hub/upstream/connectivity/http-probe.js';

const fakes: KsefFake[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function fake(): Promise<KsefFake> {
  const started = await startKsefFake();
  fakes.push(started);
  return started;
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** The socket-level reason fetch wraps in `TypeError: fetch failed`. */
async function connectionFailure(url: string, init?: RequestInit): Promise<string> {
  const error = await fetch(url, init).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `${url} should not answer`).toBeInstanceOf(TypeError);
  return String((error as { cause?: { code?: string } }).cause?.code);
}

describe('KSeF fake: addresses', () => {
  it('serves the API under /v2 and Latarnia under /latarnia, on loopback', async () => {
    const ksef = await fake();
    expect(ksef.url).toBe(`http://127.0.0.1:${ksef.port}/v2`);
    expect(ksef.latarniaUrl).toBe(`http://127.0.0.1:${ksef.port}/latarnia`);
  });
});

describe('KSeF fake: Latarnia', () => {
  it('reports KSeF available with no messages until told otherwise', async () => {
    const ksef = await fake();
    expect(await getJson(`${ksef.latarniaUrl}/status`)).toEqual({
      status: 200,
      body: { status: 'AVAILABLE', messages: [] },
    });
    expect(await getJson(`${ksef.latarniaUrl}/messages`)).toEqual({ status: 200, body: [] });
  });

  it('answers /status and /messages with the messages as set, in the research fields', async () => {
    const ksef = await fake();
    const started = ksef.announce({ category: 'FAILURE', start: '2025-07-09T08:00:00+02:00' });
    const ended = ksef.end(started, '2025-07-12T18:30:00+02:00');
    const maintenance = ksef.announce({
      category: 'MAINTENANCE',
      start: '2025-07-20T16:00:00+02:00',
      end: '2025-07-20T18:00:00+02:00',
      published: '2025-07-15T09:00:00+02:00',
    });
    ksef.setLatarnia({ status: 'MAINTENANCE', messages: [started, ended, maintenance] });

    const status = await getJson(`${ksef.latarniaUrl}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ status: 'MAINTENANCE', messages: [started, ended, maintenance] });
    expect(await getJson(`${ksef.latarniaUrl}/messages`)).toEqual({
      status: 200,
      body: [started, ended, maintenance],
    });

    const [wireStart, wireEnd] = (status.body as { messages: Record<string, unknown>[] }).messages;
    expect(Object.keys(wireStart!).sort()).toEqual(
      ['category', 'eventId', 'id', 'published', 'start', 'text', 'title', 'type', 'version'].sort(),
    );
    // A failure still going on has no `end` at all in the JSON.
    expect(wireStart).not.toHaveProperty('end');
    expect(wireStart).toMatchObject({ category: 'FAILURE', type: 'FAILURE_START', version: 1 });
    expect(wireEnd).toMatchObject({
      eventId: started.eventId,
      category: 'FAILURE',
      type: 'FAILURE_END',
      start: '2025-07-09T08:00:00+02:00',
      end: '2025-07-12T18:30:00+02:00',
      version: 2,
      published: '2025-07-12T18:30:00+02:00',
    });
    expect(typeof started.id).toBe('string');
    expect(ended.id).not.toBe(started.id);
    expect(maintenance).toMatchObject({ type: 'MAINTENANCE_ANNOUNCEMENT', eventId: started.eventId + 1 });
  });

  it('copies what it is given, so a test changing its array later changes nothing served', async () => {
    const ksef = await fake();
    const messages = [ksef.announce({ category: 'TOTAL_FAILURE', start: '2026-03-02T10:00:00Z' })];
    ksef.setLatarnia({ status: 'TOTAL_FAILURE', messages });
    messages.length = 0;
    expect((await getJson(`${ksef.latarniaUrl}/messages`)).body).toHaveLength(1);
  });

  it('fails the next requests with 502 or 504 gateway pages when asked, then answers again', async () => {
    const ksef = await fake();
    ksef.failLatarnia(502, 2);
    ksef.failLatarnia(504);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${ksef.latarniaUrl}/status`);
      statuses.push(response.status);
      if (response.status >= 500) expect(response.headers.get('content-type')).toBe('text/html');
      await response.body?.cancel();
    }
    expect(statuses).toEqual([502, 502, 504, 200]);
    expect(() => ksef.failLatarnia(404)).toThrow(RangeError);
    expect(() => ksef.failLatarnia(502, 0)).toThrow(RangeError);
  });

  it('serves reads only, and nothing outside /status and /messages', async () => {
    const ksef = await fake();
    expect((await fetch(`${ksef.latarniaUrl}/status`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${ksef.latarniaUrl}/api/status`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ksef.port}/elsewhere`)).status).toBe(404);
  });
});

describe('KSeF fake: the API base', () => {
  it('answers a probe below 500 (the real API has no resource at its root)', async () => {
    const ksef = await fake();
    const head = await fetch(ksef.url, { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(await head.text()).toBe('');
    expect((await fetch(`${ksef.url}/`)).status).toBe(404);
    await expect(httpProbe({ url: ksef.url })(new AbortController().signal)).resolves.toBeUndefined();
    await expect(httpProbe({ url: ksef.url, method: 'GET' })(new AbortController().signal)).resolves.toBeUndefined();
  });
});

describe('KSeF fake: reachability', () => {
  it('drops every connection to the API and Latarnia while the uplink is down, and logs them unanswered', async () => {
    const ksef = await fake();
    ksef.setReachable(false);
    expect(await connectionFailure(`${ksef.latarniaUrl}/status`)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(await connectionFailure(ksef.url, { method: 'HEAD' })).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    await expect(httpProbe({ url: ksef.url })(new AbortController().signal)).rejects.toThrow(ksef.url);

    ksef.setReachable(true);
    expect((await getJson(`${ksef.latarniaUrl}/status`)).status).toBe(200);
    expect(ksef.requests()).toEqual([
      { service: 'latarnia', method: 'GET', path: '/latarnia/status', status: null },
      { service: 'api', method: 'HEAD', path: '/v2', status: null },
      { service: 'api', method: 'HEAD', path: '/v2', status: null },
      { service: 'latarnia', method: 'GET', path: '/latarnia/status', status: 200 },
    ]);
  });

  it('can cut the API alone while Latarnia still answers: an outage nobody announced', async () => {
    const ksef = await fake();
    ksef.setApiReachable(false);
    await connectionFailure(ksef.url, { method: 'HEAD' });
    expect(await getJson(`${ksef.latarniaUrl}/status`)).toEqual({
      status: 200,
      body: { status: 'AVAILABLE', messages: [] },
    });
    ksef.setApiReachable(true);
    expect((await fetch(ksef.url, { method: 'HEAD' })).status).toBe(404);
  });
});
