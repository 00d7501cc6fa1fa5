import { describe, expect, it } from 'vitest';
import { defaultOfflineCardPolicy } from '../../src/shared/payments/offline-card-policy.js';
import { ApiError } from '../../src/renderer/api/client.js';
import { queryKeys } from '../../src/renderer/api/keys.js';
import type { ApprovalView, Device, Overview } from '../../src/renderer/api/types.js';
import { hasRole } from '../../src/renderer/auth/roles.js';
import { navFor } from '../../src/renderer/app/navigation.js';
import { approvalStatus, deviceSyncStatus, recordStatus } from '../../src/renderer/components/sync-status.js';
import { deriveConnectivity } from '../../src/renderer/live/connectivity.js';
import { keysFor } from '../../src/renderer/live/notice-routing.js';
import { expiryText, policyLines, reasonText } from '../../src/renderer/pages/approvals/approval-copy.js';
import { groupCode, isLoopbackUrl, pairingPayload } from '../../src/renderer/pages/devices/pairing-payload.js';
import { fromDraft, toDraft } from '../../src/renderer/pages/settings/policy-form.js';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('roles', () => {
  it('ranks cashier < manager < owner and shows a cashier less', () => {
    expect(hasRole({ role: 'owner' }, 'manager')).toBe(true);
    expect(hasRole({ role: 'manager' }, 'manager')).toBe(true);
    expect(hasRole({ role: 'cashier' }, 'manager')).toBe(false);
    expect(navFor({ role: 'cashier' }).map((item) => item.label)).toEqual([
      'Dashboard',
      'Devices',
      'Activity',
      'Stock',
      'Catalog',
      'Invoices',
      'Conflicts',
      'Upstream',
      'Hardware',
      'Alerts',
    ]);
    expect(navFor({ role: 'manager' }).map((item) => item.label)).toContain('Approvals');
    expect(navFor({ role: 'owner' }).map((item) => item.label)).toContain('Settings');
  });
});

describe('sync status words', () => {
  const device = (fields: Partial<Device>) => ({
    state: 'online' as const,
    queued: 0,
    consecutiveFailures: 0,
    ...fields,
  });
  it('maps ledger statuses and device outboxes to pending / synced / conflict / failed', () => {
    expect(recordStatus('accepted')).toEqual({ label: 'Synced', tone: 'ok' });
    expect(recordStatus('conflict').label).toBe('Conflict');
    expect(recordStatus('refused').label).toBe('Failed: refused');
    expect(deviceSyncStatus(device({ queued: 12 }))).toEqual({ label: 'Pending: 12', tone: 'warn' });
    expect(deviceSyncStatus(device({ queued: 12, consecutiveFailures: 3 })).label).toBe('Failed 3× in a row');
    expect(deviceSyncStatus(device({ queued: null })).label).toBe('No heartbeat yet');
    expect(deviceSyncStatus(device({ state: 'revoked', consecutiveFailures: 3 })).label).toBe('Revoked');
  });
});

describe('connectivity banner', () => {
  it('is offline when the hub does not answer, degraded when live updates drop or the hub is not ready', () => {
    const ready = { stream: 'open' as const, overviewError: null, overviewAttemptError: null, hubState: 'ready' };
    expect(deriveConnectivity(ready).level).toBe('online');
    expect(deriveConnectivity({ ...ready, overviewError: new ApiError(0, 'NETWORK_ERROR', '') }).level).toBe('offline');
    expect(deriveConnectivity({ ...ready, overviewError: new ApiError(503, 'SHUTTING_DOWN', '') }).level).toBe(
      'offline',
    );
    expect(deriveConnectivity({ ...ready, stream: 'closed' }).level).toBe('degraded');
    expect(deriveConnectivity({ ...ready, hubState: 'stopping' })).toEqual({
      level: 'degraded',
      reason: 'The hub is stopping.',
    });
    // One failed attempt, still retrying: offline only if the live socket is down too.
    const refused = new ApiError(0, 'NETWORK_ERROR', '');
    expect(deriveConnectivity({ ...ready, overviewAttemptError: refused }).level).toBe('online');
    expect(deriveConnectivity({ ...ready, stream: 'closed', overviewAttemptError: refused }).level).toBe('offline');
    expect(deriveConnectivity({ ...ready, stream: 'connecting', overviewAttemptError: refused }).level).toBe('offline');
    // A refused request (403) says nothing about connectivity.
    expect(deriveConnectivity({ ...ready, overviewError: new ApiError(403, 'FORBIDDEN', '') }).level).toBe('online');
  });
});

describe('live notices', () => {
  it('invalidates what each notice can change', () => {
    expect(keysFor({ type: 'cursor', cursor: 9 })).toEqual(
      expect.arrayContaining([
        queryKeys.events,
        queryKeys.conflicts,
        queryKeys.approvals,
        queryKeys.devices,
        queryKeys.stock,
        queryKeys.sales,
        queryKeys.catalog,
      ]),
    );
    expect(keysFor({ type: 'device', deviceId: 'd', state: 'offline' })).toEqual([
      queryKeys.devices,
      queryKeys.overview,
    ]);
    const heartbeat = { type: 'device', deviceId: 'd', state: 'online', queued: 3, clockSkewMs: 40 } as const;
    expect(keysFor(heartbeat)).toEqual([queryKeys.devices, queryKeys.overview]);
    const alert = { type: 'alert', change: 'raised', alertId: 'a', severity: 'warning', status: 'active' } as const;
    expect(keysFor(alert)).toEqual([queryKeys.alerts]);
    // Connectors, jobs, holds and payments at risk are all under the one upstream key.
    expect(keysFor({ type: 'upstream' })).toEqual([queryKeys.upstream]);
    for (const key of [queryKeys.upstreamOverview, queryKeys.upstreamJobs, queryKeys.holds, queryKeys.atRisk])
      expect(key.slice(0, queryKeys.upstream.length)).toEqual(queryKeys.upstream);
  });
});

describe('approval context', () => {
  const approval = {
    amount: { amount: 250_00, currency: 'PLN' },
    reason: 'ABOVE_MANAGER_THRESHOLD',
    figures: { dailyTotalAtLocation: 2_900_00, outstandingExposure: 100_00 },
    policy: defaultOfflineCardPolicy(),
  } as ApprovalView;

  it('says why a manager is asked, with the limit', () => {
    expect(plain(reasonText(approval))).toBe('Above the manager threshold of PLN 200.00.');
    expect(plain(reasonText({ ...approval, reason: 'OVER_DAILY_LIMIT' }))).toBe(
      'Over the daily limit per location of PLN 3,000.00.',
    );
  });

  it('shows each figure now and if approved, and flags a limit it would break', () => {
    const [today, exposure] = policyLines(approval).map((line) => ({ ...line, after: plain(line.after) }));
    expect(today).toMatchObject({ label: 'Today at this location', after: 'PLN 3,150.00', over: true });
    expect(exposure).toMatchObject({ label: 'Outstanding exposure', after: 'PLN 350.00', over: false });
  });

  it('says why an approval nobody decided expired', () => {
    expect(approvalStatus('expired')).toEqual({ label: 'Expired: the till stopped waiting', tone: 'off' });
    expect(expiryText({ expiry: { reason: 'card_taken', tillCursor: 9 } })).toBe(
      'The till took the card without a decision; the payment waits as a conflict.',
    );
    expect(expiryText({ expiry: { reason: 'wait_over', tillCursor: null } })).toMatch(/^Nobody decided/);
    expect(expiryText({ expiry: null })).toBe('');
  });
});

describe('payment limits form', () => {
  it('edits amounts in złoty and saves minor units', () => {
    const policy = defaultOfflineCardPolicy();
    const draft = toDraft(policy);
    expect(draft.limits.managerThreshold).toBe('200.00');
    expect(fromDraft(draft)).toEqual({ policy: { ...policy, allowedMethods: ['cash', 'card'] } });
    const changed = fromDraft({ ...draft, card: false, limits: { ...draft.limits, managerThreshold: '150.5' } });
    expect(changed).toEqual({ policy: { ...policy, allowedMethods: ['cash'], managerThreshold: 150_50 } });
  });

  it('names the field that is not an amount', () => {
    const draft = toDraft(defaultOfflineCardPolicy());
    expect(fromDraft({ ...draft, limits: { ...draft.limits, perTransactionLimit: '12.345' } })).toEqual({
      problem: '“Most one offline card payment may be” is not an amount (for example 200.00).',
    });
    expect(fromDraft({ ...draft, currency: 'zł' })).toEqual({
      problem: 'The currency is a three-letter code such as PLN.',
    });
  });
});

describe('pairing QR payload', () => {
  it('holds the LAN address, port, fingerprint and code', () => {
    const overview = {
      hub: { hubId: 'hub-1' },
      listeners: { lan: { url: 'https://192.168.1.20:4849', addresses: [] as string[], tlsFingerprint: 'AB:CD' } },
    } as Overview;
    expect(pairingPayload(overview, { code: '12345678', expiresAt: '2026-11-22T10:10:00.000Z' })).toEqual({
      type: 'backroom-pairing',
      v: 1,
      url: 'https://192.168.1.20:4849',
      port: 4849,
      fingerprint: 'AB:CD',
      code: '12345678',
      hubId: 'hub-1',
      expiresAt: '2026-11-22T10:10:00.000Z',
    });
    expect(isLoopbackUrl('https://127.0.0.1:4849')).toBe(true);
    expect(isLoopbackUrl('https://192.168.1.20:4849')).toBe(false);
    expect(groupCode('12345678')).toBe('1234 5678');
  });

  it('uses the first store network address rather than the loopback URL of a wildcard listener', () => {
    const overview = {
      hub: { hubId: 'hub-1' },
      listeners: {
        lan: {
          url: 'https://127.0.0.1:4849',
          addresses: ['https://192.168.1.20:4849', 'https://10.0.0.5:4849'],
          tlsFingerprint: 'AB:CD',
        },
      },
    } as Overview;
    const payload = pairingPayload(overview, { code: '12345678', expiresAt: '2026-11-22T10:10:00.000Z' });
    expect(payload).toMatchObject({ url: 'https://192.168.1.20:4849', port: 4849 });
    expect(isLoopbackUrl(payload.url)).toBe(false);
  });
});
