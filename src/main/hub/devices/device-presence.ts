import type { DeviceLiveState, Notifier } from '../notifications/notifier.js';

/** A device seen this recently counts as online even without an open stream. */
export const ONLINE_WINDOW_MS = 2 * 60 * 1000;

/**
 * Which devices hold a live stream right now. Kept in memory: it describes open sockets, which a restart closes
 * anyway. Transitions are published so the manager's screen updates without polling.
 */
export class DevicePresence {
  private readonly streams = new Map<string, number>();

  constructor(private readonly notifier: Notifier) {}

  connected(deviceId: string): void {
    const count = (this.streams.get(deviceId) ?? 0) + 1;
    this.streams.set(deviceId, count);
    if (count === 1) this.notifier.publish({ type: 'device', deviceId, state: 'online' });
  }

  /** `announce` is false when the stream closes because the device was revoked: that notice already went out. */
  disconnected(deviceId: string, announce = true): void {
    const count = (this.streams.get(deviceId) ?? 1) - 1;
    if (count > 0) {
      this.streams.set(deviceId, count);
      return;
    }
    this.streams.delete(deviceId);
    if (announce) this.notifier.publish({ type: 'device', deviceId, state: 'offline' });
  }

  stateOf(
    device: { id: string; revokedAt: string | null; lastSeenAt: string | null },
    now = Date.now(),
  ): DeviceLiveState {
    if (device.revokedAt !== null) return 'revoked';
    if (this.streams.has(device.id)) return 'online';
    const seen = device.lastSeenAt === null ? Number.NEGATIVE_INFINITY : Date.parse(device.lastSeenAt);
    return now - seen <= ONLINE_WINDOW_MS ? 'online' : 'offline';
  }
}
