/**
 * A REAL hub in this process (startHub) on loopback with ports 0, its own temporary data directory, no mDNS, and
 * a small catalog with stock, for device SDK tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/main/hub/config/load-config.js';
import { PairingCodes } from '../../../src/main/hub/devices/pairing-codes.js';
import { startHub, type Hub } from '../../../src/main/hub/hub.js';
import { CatalogService } from '../../../src/main/hub/inventory/catalog-service.js';
import { MemorySecretStore } from '../../../src/main/hub/security/memory-secret-store.js';
import { CLOSED_LOOPBACK } from '../../helpers/test-hub.js';

export interface TestHub {
  hub: Hub;
  url: string;
  fingerprint: string;
  pairingCode(): string;
  /** stock of a product at a location, from the hub's projection */
  stock(productId: string, locationId: string): number | undefined;
  /** every event id in the ledger, in cursor order */
  ledgerEventIds(): string[];
  stop(): Promise<void>;
}

export const SHELF = 'shelf';
export const BACK = 'back';
export const SODA = 'soda';

/** `initialStock` of SODA is received at both locations. */
export async function startTestHub(initialStock = 10): Promise<TestHub> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'backroom-device-test-'));
  const config = loadConfig({
    env: {},
    flags: {
      'upstream.probes.internet': CLOSED_LOOPBACK,
      'upstream.probes.stripe': CLOSED_LOOPBACK,
      dataDir,
      'ui.host': '127.0.0.1',
      'ui.port': 0,
      'lan.host': '127.0.0.1',
      'lan.port': 0,
      'mdns.enabled': false,
      'backup.intervalMinutes': 0,
      logLevel: 'silent',
    },
  });
  const hub = await startHub({ config, secrets: new MemorySecretStore() });
  const { ledger } = hub.context;
  const catalog = new CatalogService(ledger);
  catalog.upsertLocation({ id: SHELF, name: 'Shelf', active: true }, 'test');
  catalog.upsertLocation({ id: BACK, name: 'Back room', active: true }, 'test');
  catalog.upsertProduct({ id: SODA, name: 'Soda 0.5 l', unit: 'pcs' }, 'test');
  for (const locationId of [SHELF, BACK])
    catalog.receive({ productId: SODA, locationId, quantity: initialStock }, 'test');
  const codes = new PairingCodes(ledger.db);
  const status = hub.status();
  return {
    hub,
    url: status.lanUrl,
    fingerprint: status.tlsFingerprint,
    pairingCode: () => codes.create('test').code,
    stock: (productId, locationId) =>
      ledger.db
        .prepare<[string, string], { quantity: number }>(
          'SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?',
        )
        .get(productId, locationId)?.quantity,
    ledgerEventIds: () =>
      ledger.db
        .prepare<[], { event_id: string }>('SELECT event_id FROM events ORDER BY cursor')
        .all()
        .map((row) => row.event_id),
    async stop() {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
