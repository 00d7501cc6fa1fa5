import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/main/hub/devices/rate-limiter.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';
import { TestDevice } from '../helpers/device-signer.js';
import { expectErrorShape } from '../helpers/ledger-http.js';

describe('failed pairing attempts are rate limited', () => {
  let t: DeviceTestHub;
  // Each loopback address is a different client to the per-address limit.
  const attempt = (code: string, localAddress: string) =>
    t.lan('POST', '/v1/pairing', {
      localAddress,
      body: { code, device: { name: 'Guesser', kind: 'handheld', publicKey: new TestDevice().publicKey } },
    });

  beforeAll(async () => {
    t = await startDeviceTestHub();
  });
  afterAll(() => t.hub.stop());

  it('per address: after 5 failures even the right code gets 429 RATE_LIMITED with Retry-After', async () => {
    for (let i = 0; i < 5; i += 1)
      expectErrorShape(await attempt('12345678', '127.0.0.2'), 403, 'PAIRING_CODE_INVALID');
    const code = (await t.admin('POST', '/v1/admin/pairing-codes')).json.code as string;
    const limited = await attempt(code, '127.0.0.2');
    expectErrorShape(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another address is not affected, and the code was not consumed by the limited attempt.
    expect((await attempt(code, '127.0.0.3')).status).toBe(201);
  });

  it('globally: 30 failures from many addresses lock out a fresh address too', async () => {
    // 5 failures so far from 127.0.0.2; 25 more from five other addresses reach the overall limit of 30.
    for (let host = 10; host < 15; host += 1) {
      for (let i = 0; i < 5; i += 1) expect((await attempt('87654321', `127.0.0.${host}`)).status).toBe(403);
    }
    expectErrorShape(await attempt('87654321', '127.0.0.99'), 429, 'RATE_LIMITED');
  });
});

describe('SlidingWindowLimiter', () => {
  it('lets a key try again once its oldest hit leaves the window', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 1000, maxKeys: 10, now: () => now });
    limiter.hit('a');
    now = 400;
    limiter.hit('a');
    expect(limiter.retryAfterMs('a')).toBe(600);
    now = 1001;
    expect(limiter.retryAfterMs('a')).toBe(0);
    limiter.hit('a');
    expect(limiter.retryAfterMs('a')).toBe(399);
  });

  it('forgets the least recently hit keys beyond maxKeys, so a flood of addresses cannot grow memory', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.hit(key);
    expect(limiter.retryAfterMs('a')).toBe(0);
    for (const key of ['b', 'c', 'd']) expect(limiter.retryAfterMs(key)).toBeGreaterThan(0);
  });
});
