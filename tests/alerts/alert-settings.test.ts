import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/main/hub/config/load-config.js';
import { tempDir } from '../helpers/ledger-testkit.js';

describe('alert settings', () => {
  it('default to the thresholds of DESIGN §11, evaluated every minute', () => {
    expect(loadConfig({ env: {}, cwd: tempDir('backroom-config-') }).alerts).toEqual({
      intervalSeconds: 60,
      deviceOfflineWarnHours: 24,
      deviceOfflineCriticalHours: 72,
      deviceQueueWarn: 100,
      deviceQueueCritical: 500,
      conflictUnresolvedWarnHours: 24,
      conflictUnresolvedCriticalHours: 168,
      syncFailuresCritical: 10,
    });
  });

  it('come from BACKROOM_ALERTS_* variables, checked like every setting', () => {
    const cwd = tempDir('backroom-config-');
    const env = { BACKROOM_ALERTS_DEVICE_OFFLINE_WARN_HOURS: '1.5', BACKROOM_ALERTS_SYNC_FAILURES_CRITICAL: '3' };
    expect(loadConfig({ env, cwd }).alerts).toMatchObject({ deviceOfflineWarnHours: 1.5, syncFailuresCritical: 3 });
    expect(() => loadConfig({ env: { BACKROOM_ALERTS_DEVICE_QUEUE_WARN: 'lots' }, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { BACKROOM_ALERTS_INTERVAL_SECONDS: '0' }, cwd })).toThrow(
      /alerts\.intervalSeconds/,
    );
  });
});
