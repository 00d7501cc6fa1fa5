/**
 * Failed logins are limited before any PIN is hashed: the fuzz run showed each one costing a 16 MB scrypt on a worker
 * thread, unbounded for anyone who can reach the UI listener.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/hub.js';
import { fetchAnswer, expectErrorShape } from '../helpers/ledger-http.js';
import { startTestHub } from '../helpers/test-hub.js';

describe('failed admin logins are rate limited', () => {
  let hub: Hub;
  let ui: string;
  const login = (name: string, pin: string) =>
    fetchAnswer(`${ui}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, pin }),
    });

  beforeAll(async () => {
    hub = await startTestHub();
    ui = hub.status().uiUrl!;
    await hub.context.users.add({ name: 'Olga', pin: '482913', role: 'owner' });
  });
  afterAll(() => hub.stop());

  it('answers 429 with Retry-After after 20 failures a minute, without hashing the PIN or auditing an attempt', async () => {
    for (let i = 0; i < 20; i += 1) expect((await login(`nobody-${i}`, '1111')).status).toBe(401);
    const auditedBefore = hub.context.audit.list({ limit: 1000 }).length;
    const limited = await login('Olga', '482913');
    expectErrorShape(limited, 429, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(hub.context.audit.list({ limit: 1000 }).length).toBe(auditedBefore);
  });
});
