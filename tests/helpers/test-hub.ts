/**
 * A real hub in this process for HTTP tests: loopback ports chosen by the OS, no mDNS, no scheduled backups, a memory
 * secret store, and logging in as the UI does.
 */
import { expect } from 'vitest';
import { loadConfig } from '../../src/main/hub/config/load-config.js';
import type { HubConfig } from '../../src/main/hub/config/settings-schema.js';
import { startHub, type Hub } from '../../src/main/hub/hub.js';
import { createLogger } from '../../src/main/hub/observability/logger.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { tempDir } from './ledger-testkit.js';

/** The discard port, closed on these machines: a probe there fails at once without leaving loopback. */
export const CLOSED_LOOPBACK = 'http://127.0.0.1:9/';

/** `flags` are more config flags by setting path; `dataDir` defaults to a fresh temporary directory. */
export function testHubConfig(flags: Record<string, unknown> = {}): HubConfig {
  return loadConfig({
    flags: {
      dataDir: tempDir(),
      'ui.port': 0,
      'lan.port': 0,
      'lan.host': '127.0.0.1',
      'mdns.enabled': false,
      'backup.intervalMinutes': 0,
      // Tests never probe the real internet: a closed loopback port, so both targets read offline.
      'upstream.probes.internet': CLOSED_LOOPBACK,
      'upstream.probes.stripe': CLOSED_LOOPBACK,
      'upstream.ksef.apiBase': CLOSED_LOOPBACK,
      'upstream.ksef.latarniaUrl': CLOSED_LOOPBACK,
      ...flags,
    },
    env: {},
  });
}

export function startTestHub(config: HubConfig = testHubConfig()): Promise<Hub> {
  return startHub({ config, secrets: new MemorySecretStore(), logger: createLogger('silent') });
}

/** Logs in through `POST /v1/admin/session`; returns the session cookie (`backroom_session=…`). */
export async function adminLogin(uiUrl: string, name: string, pin: string): Promise<string> {
  const response = await fetch(`${uiUrl}/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, pin }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('backroom_session='))!
    .split(';')[0]!;
}
