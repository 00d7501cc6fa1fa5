import type { Database } from 'better-sqlite3';
import type { SecretStore } from '../security/secret-store.js';
import { readMetaJson, writeMetaJson } from '../ledger/hub-meta.js';

const SECRET_NAME = 'stripe.secret-key';
const META_KEY = 'upstream.stripe.keyMeta';

export interface StripeKeyMeta {
  keyHint: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * The Stripe secret key: in the SecretStore only, never in the database, a log line or an answer. What the Settings
 * screen may show of it (mode and last four, who set it when) is kept beside it in hub_meta.
 */
export class StripeKeyStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {}

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_NAME))?.toString('utf8');
  }

  async set(key: string, by: string, now = new Date()): Promise<StripeKeyMeta> {
    await this.secrets.set(SECRET_NAME, Buffer.from(key, 'utf8'));
    const meta: StripeKeyMeta = { keyHint: keyHint(key), updatedAt: now.toISOString(), updatedBy: by };
    writeMetaJson(this.db, META_KEY, meta);
    return meta;
  }

  meta(): StripeKeyMeta | undefined {
    return readMetaJson<StripeKeyMeta>(this.db, META_KEY);
  }
}

/** `sk_test_…4242`: enough to tell two keys and the mode apart, far too little to use. */
export function keyHint(key: string): string {
  const mode = /^((?:sk|rk)_(?:test|live)_)/.exec(key)?.[1] ?? '';
  return `${mode}…${key.slice(-4)}`;
}
