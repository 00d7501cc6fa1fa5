import type { Database } from 'better-sqlite3';
import { uuidv7 } from '../uuid-v7.js';
import { hashPin, verifyPin } from './pin-hash.js';

export const ROLES = ['cashier', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  /** ISO 8601. */
  createdAt: string;
}

/** What the back office lists: `locked` while too many wrong PINs keep the account out. */
export interface UserAccount extends User {
  locked: boolean;
}

export type UserErrorCode = 'USER_EXISTS' | 'INVALID_USER' | 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED';

const DEFAULT_MESSAGES: Record<UserErrorCode, string> = {
  USER_EXISTS: 'a user with this name already exists',
  INVALID_USER: 'invalid user',
  INVALID_CREDENTIALS: 'wrong name or PIN',
  ACCOUNT_LOCKED: 'this account is locked',
};

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message = DEFAULT_MESSAGES[code],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface NewUser {
  name: string;
  role: Role;
  pin: string;
}

export interface UserStoreOptions {
  now?: () => Date;
}

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;
const PIN = /^\d{4,12}$/;
const NAME_MAX = 64;

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  locked_until: string | null;
  created_at: string;
}

/** Managers and owners log in to the back office with name + PIN (DESIGN §9). */
export class UserStore {
  private readonly now: () => Date;
  /** Verified against for unknown names, so they cost the same scrypt work as a real user's wrong PIN. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    options: UserStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async add(input: NewUser): Promise<User> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > NAME_MAX || /\p{Cc}/u.test(name)) {
      throw new UserError('INVALID_USER', `name must be 1-${NAME_MAX} characters without control characters`);
    }
    if (!ROLES.includes(input.role)) throw new UserError('INVALID_USER', `role must be one of ${ROLES.join(', ')}`);
    if (typeof input.pin !== 'string' || !PIN.test(input.pin)) {
      throw new UserError('INVALID_USER', 'PIN must be 4-12 digits');
    }
    const user: User = { id: uuidv7(), name, role: input.role, createdAt: this.now().toISOString() };
    const pinHash = await hashPin(input.pin);
    try {
      this.db
        .prepare('INSERT INTO users (id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(user.id, user.name, user.role, pinHash, user.createdAt);
    } catch (error) {
      // The UNIQUE constraint (case-insensitive) decides, not a prior lookup: it also holds under concurrent adds.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserError('USER_EXISTS');
      throw error;
    }
    return user;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  list(): UserAccount[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY created_at, name').all() as UserRow[];
    const now = this.now().getTime();
    return rows.map((row) => ({ ...toUser(row), locked: isLockedAt(row.locked_until, now) }));
  }

  /**
   * Unknown name and wrong PIN give the same error after the same work. A locked account says so (and until when)
   * without checking the PIN, so guesses made while locked are worthless.
   */
  async authenticate(name: string, pin: string): Promise<User> {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(String(name).trim()) as UserRow | undefined;
    if (!row) {
      this.decoyHash ??= hashPin('0000');
      await verifyPin(pin, await this.decoyHash);
      throw new UserError('INVALID_CREDENTIALS');
    }
    this.throwIfLocked(row.locked_until);
    if (await verifyPin(pin, row.pin_hash)) {
      this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
      return toUser(row);
    }
    const lockedUntil = this.recordFailure(row.id);
    this.throwIfLocked(lockedUntil);
    throw new UserError('INVALID_CREDENTIALS');
  }

  /** Increments in SQL so concurrent attempts (each awaiting scrypt) all count. Returns the new lock, if any. */
  private recordFailure(userId: string): string | null {
    return this.db.transaction(() => {
      const { failed_attempts: failures } = this.db
        .prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts')
        .get(userId) as { failed_attempts: number };
      if (failures < MAX_FAILURES) return null;
      // The counter restarts so that after the lock expires the user again gets the full number of tries.
      const until = new Date(this.now().getTime() + LOCK_MS).toISOString();
      this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(until, userId);
      return until;
    })();
  }

  private throwIfLocked(lockedUntil: string | null): void {
    if (isLockedAt(lockedUntil, this.now().getTime())) {
      throw new UserError('ACCOUNT_LOCKED', `too many wrong PINs; this account is locked until ${lockedUntil}`);
    }
  }
}

function isLockedAt(lockedUntil: string | null, now: number): boolean {
  return lockedUntil !== null && Date.parse(lockedUntil) > now;
}

function toUser(row: UserRow): User {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at };
}
