import { describe, expect, it } from 'vitest';
import { UserError, UserStore } from '../../src/main/hub/security/user-store.js';
import { manualClock, tempDatabase } from './helpers.js';

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('user store', () => {
  it('adds, counts, lists and authenticates users', async () => {
    const users = new UserStore(tempDatabase());
    expect(users.count()).toBe(0);
    const owner = await users.add({ name: '  Anna Nowak ', role: 'owner', pin: '123456' });
    expect(owner).toMatchObject({ name: 'Anna Nowak', role: 'owner' });
    expect(owner.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    await users.add({ name: 'Bob', role: 'cashier', pin: '0000' });
    expect(users.count()).toBe(2);
    expect(users.list().map((u) => u.name)).toEqual(['Anna Nowak', 'Bob']);
    expect(await users.authenticate('anna nowak', '123456')).toEqual(owner);
  });

  it('refuses a duplicate name, ignoring case', async () => {
    const users = new UserStore(tempDatabase());
    await users.add({ name: 'Anna', role: 'manager', pin: '1234' });
    expect((await rejection(users.add({ name: 'ANNA', role: 'cashier', pin: '9999' }))).code).toBe('USER_EXISTS');
  });

  it('refuses invalid input', async () => {
    const users = new UserStore(tempDatabase());
    const bad = [
      { name: '   ', role: 'owner', pin: '1234' },
      { name: 'x'.repeat(65), role: 'owner', pin: '1234' },
      { name: 'tab\there', role: 'owner', pin: '1234' },
      { name: 'Anna', role: 'admin', pin: '1234' },
      { name: 'Anna', role: 'owner', pin: '123' },
      { name: 'Anna', role: 'owner', pin: '1234567890123' },
      { name: 'Anna', role: 'owner', pin: '12a4' },
    ] as const;
    for (const input of bad) {
      const error = await rejection(users.add(input as never));
      expect(error.code).toBe('INVALID_USER');
      expect(error.message).not.toBe('invalid user');
    }
    expect(users.count()).toBe(0);
  });

  it('gives the same error for an unknown name and a wrong PIN', async () => {
    const users = new UserStore(tempDatabase());
    await users.add({ name: 'Anna', role: 'manager', pin: '1234' });
    const unknown = await rejection(users.authenticate('Nobody', '1234'));
    const wrong = await rejection(users.authenticate('Anna', '4321'));
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);
    expect(unknown.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks after 5 consecutive failures for 15 minutes, then lets the right PIN in', async () => {
    const clock = manualClock();
    const users = new UserStore(tempDatabase(), { now: clock.now });
    await users.add({ name: 'Anna', role: 'manager', pin: '1234' });
    for (let i = 0; i < 4; i++)
      expect((await rejection(users.authenticate('Anna', '0000'))).code).toBe('INVALID_CREDENTIALS');
    const locked = await rejection(users.authenticate('Anna', '0000'));
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    expect(locked.message).toContain('2025-03-01T10:15:00.000Z');
    // While locked even the right PIN is refused.
    expect((await rejection(users.authenticate('Anna', '1234'))).code).toBe('ACCOUNT_LOCKED');
    clock.advance(14 * 60 * 1000);
    expect((await rejection(users.authenticate('Anna', '1234'))).code).toBe('ACCOUNT_LOCKED');
    clock.advance(60 * 1000);
    expect((await users.authenticate('Anna', '1234')).name).toBe('Anna');
  });

  it('resets the failure count on success', async () => {
    const users = new UserStore(tempDatabase());
    await users.add({ name: 'Anna', role: 'manager', pin: '1234' });
    for (let i = 0; i < 4; i++) await rejection(users.authenticate('Anna', '0000'));
    await users.authenticate('Anna', '1234');
    for (let i = 0; i < 4; i++)
      expect((await rejection(users.authenticate('Anna', '0000'))).code).toBe('INVALID_CREDENTIALS');
  });

  it('counts concurrent failures', async () => {
    const users = new UserStore(tempDatabase());
    await users.add({ name: 'Anna', role: 'manager', pin: '1234' });
    const codes = await Promise.all(
      Array.from({ length: 5 }, () => rejection(users.authenticate('Anna', '0000')).then((e) => e.code)),
    );
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(1);
    expect((await rejection(users.authenticate('Anna', '1234'))).code).toBe('ACCOUNT_LOCKED');
  });
});
