import { isAbsolute } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ConexxusSettingsUpdate, ConexxusSettingsView } from '../../../../shared/protocol/conexxus-views.js';
import type { SecretStore } from '../../security/secret-store.js';
import type { NaxmlTransportConfig } from '../../upstream/naxml/naxml-transport.js';
import { readMetaJson, writeMetaJson } from '../../ledger/hub-meta.js';
import { ConexxusError } from './conexxus-errors.js';

const META_KEY = 'upstream.conexxus.settings';
const SECRET_NAME = 'conexxus.secret';

/** What a manager sets on the Settings screen; the password or token lives in the SecretStore only. */
export type ConexxusSettings = Omit<ConexxusSettingsView, 'secretSet' | 'updatedAt' | 'updatedBy'> & {
  /** The first business date the hub reports: the day Conexxus was first enabled. Earlier days are run by hand. */
  reportsFrom: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
};

function defaults(storeId: string): ConexxusSettings {
  return {
    enabled: false,
    // Back offices key a site by its location id; the hub's store id is the best first guess a manager can change.
    storeLocationId: storeId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 20) || 'store',
    vendorName: 'Backroom',
    transport: 'folder',
    folder: '',
    url: '',
    auth: 'none',
    username: '',
    endOfDayAt: '02:00',
    acknowledgedBy: '09:00',
    defaultMerchandiseCode: '0',
    reportsFrom: null,
    updatedAt: null,
    updatedBy: null,
  };
}

/**
 * The store's Conexxus settings (hub_meta) and credential (SecretStore). The credential is read once at start and
 * kept in memory, so the connector can build its transport on every attempt without waiting on the store.
 */
export class ConexxusSettingsStore {
  private current: ConexxusSettings;
  private secret: string | undefined;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
    storeId: string,
  ) {
    this.current = { ...defaults(storeId), ...readMetaJson<Partial<ConexxusSettings>>(db, META_KEY) };
  }

  async load(): Promise<void> {
    this.secret = (await this.secrets.get(SECRET_NAME))?.toString('utf8');
  }

  settings(): ConexxusSettings {
    return { ...this.current };
  }

  view(): ConexxusSettingsView {
    const { reportsFrom: _reportsFrom, ...shown } = this.current;
    return { ...shown, secretSet: this.secret !== undefined };
  }

  /**
   * Saves what the Settings screen sent. Checks what the schema cannot: a transport that could never deliver is
   * refused rather than left to fill the queue with failures. `today` becomes `reportsFrom` on first enabling.
   */
  async save(update: Omit<ConexxusSettingsUpdate, 'pin'>, by: string, now: Date, today: string) {
    const { secret, ...fields } = update;
    if (fields.enabled) refuseUnusable(fields, secret ?? this.secret);
    if (secret !== undefined) {
      await this.secrets.set(SECRET_NAME, Buffer.from(secret, 'utf8'));
      this.secret = secret;
    }
    this.current = {
      ...fields,
      reportsFrom: this.current.reportsFrom ?? (fields.enabled ? today : null),
      updatedAt: now.toISOString(),
      updatedBy: by,
    };
    writeMetaJson(this.db, META_KEY, this.current);
    return this.view();
  }

  /** Where documents go now; null while Conexxus is off, so queued documents wait rather than fail. */
  transport(): NaxmlTransportConfig | null {
    const s = this.current;
    if (!s.enabled) return null;
    if (s.transport === 'folder') return { kind: 'folder', folder: s.folder };
    const secret = this.secret ?? '';
    const auth =
      s.auth === 'basic'
        ? { kind: 'basic' as const, username: s.username, password: secret }
        : s.auth === 'bearer'
          ? { kind: 'bearer' as const, token: secret }
          : { kind: 'none' as const };
    return { kind: 'https', url: s.url, auth };
  }
}

function refuseUnusable(fields: Omit<ConexxusSettingsUpdate, 'pin' | 'secret'>, secret: string | undefined): void {
  const refuse = (message: string) => {
    throw new ConexxusError('CONEXXUS_SETTINGS_INVALID', message);
  };
  if (fields.transport === 'folder' && !isAbsolute(fields.folder)) {
    refuse('the outbox folder must be an absolute path, e.g. C:\\Passport\\XMLGateway\\BOOutbox or /srv/naxml/out');
  }
  if (fields.transport === 'https') {
    let url: URL | undefined;
    try {
      url = new URL(fields.url);
    } catch {
      refuse('the back office URL is not a URL');
    }
    // Plain http only to this machine (a local relay, the test fake): sales figures never cross a network in clear.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url!.hostname);
    if (url!.protocol !== 'https:' && !(url!.protocol === 'http:' && loopback)) {
      refuse('the back office URL must be https:// (http:// only to this machine)');
    }
    if (fields.auth === 'basic' && !fields.username) refuse('basic authentication needs a user name');
    if (fields.auth !== 'none' && !secret) refuse(`${fields.auth} authentication needs a password or token`);
  }
}
