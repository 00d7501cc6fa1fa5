import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/hub.js';
import { expectErrorShape, fetchAnswer } from '../helpers/ledger-http.js';
import { startTestHub, testHubConfig } from '../helpers/test-hub.js';

describe('GET/POST /v1/admin/users', () => {
  let hub: Hub;
  let ui: string;
  const cookies: Record<string, string> = {};

  const call = (method: string, cookie: string, body?: unknown) =>
    fetchAnswer(`${ui}/v1/admin/users`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async (answer: Promise<{ status: number; text: string }>) => {
    const { status, text } = await answer;
    return { status, json: JSON.parse(text) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const config = testHubConfig();
    hub = await startTestHub(config);
    ui = hub.status().uiUrl;
    const people = [
      { name: 'Olga', role: 'owner', pin: '13579' },
      { name: 'Mia', role: 'manager', pin: '2468' },
      { name: 'Carl', role: 'cashier', pin: '1111' },
    ] as const;
    for (const person of people) {
      await hub.context.users.add(person);
      const response = await fetch(`${ui}/v1/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: person.name, pin: person.pin }),
      });
      cookies[person.role] = response.headers.getSetCookie()[0]!.split(';')[0]!;
    }
  });
  afterAll(() => hub.stop());

  it('lists users for managers, without PINs, and shows a locked account as locked', async () => {
    for (let i = 0; i < 5; i++) await hub.context.users.authenticate('Carl', '9999').catch(() => undefined);
    const { status, json: body } = await json(call('GET', cookies.manager!));
    expect(status).toBe(200);
    expect(body.users).toEqual([
      { id: expect.any(String), name: 'Olga', role: 'owner', createdAt: expect.any(String), locked: false },
      { id: expect.any(String), name: 'Mia', role: 'manager', createdAt: expect.any(String), locked: false },
      { id: expect.any(String), name: 'Carl', role: 'cashier', createdAt: expect.any(String), locked: true },
    ]);
    expectErrorShape(await call('GET', cookies.cashier!), 403, 'FORBIDDEN');
    expectErrorShape(await call('GET', ''), 401, 'UNAUTHENTICATED');
  });

  it('lets an owner add a user, audited, who can then log in', async () => {
    const { status, json: user } = await json(
      call('POST', cookies.owner!, { name: 'Nina', role: 'manager', pin: '8642' }),
    );
    expect(status).toBe(201);
    expect(user).toEqual({
      id: expect.any(String),
      name: 'Nina',
      role: 'manager',
      createdAt: expect.any(String),
      locked: false,
    });
    const [entry] = hub.context.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ actor: 'Olga', action: 'user.create', detail: { userId: user.id, role: 'manager' } });
    expect((await hub.context.users.authenticate('Nina', '8642')).id).toBe(user.id);
  });

  it('refuses managers, taken names and bad input with the error shape', async () => {
    const nina = { name: 'Nina', role: 'cashier', pin: '1234' };
    expectErrorShape(await call('POST', cookies.manager!, { ...nina, name: 'Zoe' }), 403, 'FORBIDDEN');
    expectErrorShape(await call('POST', cookies.owner!, { ...nina, name: 'nina' }), 409, 'USER_EXISTS');
    for (const bad of [
      { ...nina, name: 'Zoe', pin: '12' },
      { ...nina, name: 'Zoe', role: 'admin' },
      { ...nina, name: '' },
      { ...nina, name: ' \u0007 ' },
      { name: 'Zoe', role: 'cashier' },
      { ...nina, name: 'Zoe', extra: true },
    ]) {
      expectErrorShape(await call('POST', cookies.owner!, bad), 400, 'INVALID_USER');
    }
    expect(hub.context.users.list().map((u) => u.name)).not.toContain('Zoe');
  });
});
