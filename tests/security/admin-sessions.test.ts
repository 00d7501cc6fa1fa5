import { describe, expect, it } from 'vitest';
import { AdminSessions } from '../../src/main/hub/security/admin-sessions.js';
import { UserStore } from '../../src/main/hub/security/user-store.js';
import { manualClock, tempDatabase } from './helpers.js';

async function setup(ttlHours?: number) {
  const db = tempDatabase();
  const clock = manualClock();
  const user = await new UserStore(db).add({ name: 'Anna', role: 'manager', pin: '1234' });
  const sessions = new AdminSessions(db, { now: clock.now, ...(ttlHours === undefined ? {} : { ttlHours }) });
  return { db, clock, user, sessions };
}

describe('admin sessions', () => {
  it('resolves a token to its user and stores only the hash', async () => {
    const { db, user, sessions } = await setup();
    const { token, expiresAt } = sessions.create(user.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.toISOString()).toBe('2025-03-01T22:00:00.000Z');
    expect(sessions.resolve(token)).toEqual(user);
    expect(sessions.resolve(token + 'x')).toBeUndefined();
    expect(sessions.resolve('')).toBeUndefined();
    const stored = db.prepare('SELECT token_hash FROM admin_sessions').pluck().all();
    expect(stored).toHaveLength(1);
    expect(stored).not.toContain(token);
  });

  it('expires after the TTL and deletes the expired row', async () => {
    const { db, clock, user, sessions } = await setup(1);
    const { token } = sessions.create(user.id);
    clock.advance(60 * 60 * 1000 - 1);
    expect(sessions.resolve(token)).toEqual(user);
    clock.advance(1);
    expect(sessions.resolve(token)).toBeUndefined();
    expect(db.prepare('SELECT count(*) FROM admin_sessions').pluck().get()).toBe(0);
  });

  it('prunes expired sessions when creating one', async () => {
    const { db, clock, user, sessions } = await setup(1);
    sessions.create(user.id);
    clock.advance(2 * 60 * 60 * 1000);
    sessions.create(user.id);
    expect(db.prepare('SELECT count(*) FROM admin_sessions').pluck().get()).toBe(1);
  });

  it('destroys a session', async () => {
    const { user, sessions } = await setup();
    const a = sessions.create(user.id);
    const b = sessions.create(user.id);
    sessions.destroy(a.token);
    expect(sessions.resolve(a.token)).toBeUndefined();
    expect(sessions.resolve(b.token)).toEqual(user);
  });
});
