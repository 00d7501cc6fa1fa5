import type { Database } from 'better-sqlite3';
import type { KsefTokenView } from '../../../../shared/protocol/ksef-views.js';
import { readMetaJson, writeMetaJson } from '../../ledger/hub-meta.js';
import type { SecretStore } from '../../security/secret-store.js';

const SECRET_NAME = 'ksef.token';
const META_KEY = 'upstream.ksef.tokenMeta';

interface TokenMeta {
  hint: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * The seller's KSeF token (research §2): in the SecretStore only, never in the database, a log line or an answer.
 * The Settings screen sees its last four characters and who set it when.
 */
export class KsefTokenStore {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {}

  async get(): Promise<string | null> {
    return (await this.secrets.get(SECRET_NAME))?.toString('utf8') ?? null;
  }

  async set(token: string, by: string, now: Date): Promise<void> {
    await this.secrets.set(SECRET_NAME, Buffer.from(token, 'utf8'));
    writeMetaJson(this.db, META_KEY, {
      hint: `…${token.slice(-4)}`,
      updatedAt: now.toISOString(),
      updatedBy: by,
    });
  }

  view(): KsefTokenView {
    const meta = readMetaJson<TokenMeta>(this.db, META_KEY);
    return meta ? { set: true, ...meta } : { set: false, hint: null, updatedAt: null, updatedBy: null };
  }
}
