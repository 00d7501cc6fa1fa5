import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../src/main/hub/http/lan-addresses.js';
import { startDeviceTestHub, type DeviceTestHub } from '../helpers/device-hub.js';

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal }) as NetworkInterfaceInfo;

describe('GET /v1/admin/overview: LAN addresses', () => {
  let t: DeviceTestHub | undefined;
  afterEach(async () => {
    await t?.hub.stop();
    t = undefined;
  });

  it('lists every external IPv4 address, with the port, when the LAN listener binds 0.0.0.0', async () => {
    t = await startDeviceTestHub({ 'lan.host': '0.0.0.0' });
    const { lan } = (await t.admin('GET', '/v1/admin/overview')).json.listeners;
    const port = new URL(lan.url).port;
    expect(lan.url).toBe(`https://127.0.0.1:${port}`);
    const expected = Object.values(networkInterfaces())
      .flatMap((infos) => infos ?? [])
      .filter((i) => i.family === 'IPv4' && !i.internal)
      .map((i) => `https://${i.address}:${port}`);
    expect(lan.addresses).toEqual(expected);
  });

  it('lists none when the LAN listener binds loopback', async () => {
    t = await startDeviceTestHub();
    expect((await t.admin('GET', '/v1/admin/overview')).json.listeners.lan.addresses).toEqual([]);
  });

  it('keeps external IPv4 only for a wildcard bind, and names a specific bind as it is', () => {
    const interfaces = {
      lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
      eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6')],
      wlan0: [info('10.0.0.5', 'IPv4')],
    };
    expect(lanAddresses('0.0.0.0', 4849, interfaces)).toEqual(['https://192.168.1.20:4849', 'https://10.0.0.5:4849']);
    expect(lanAddresses('::', 4849, interfaces)).toHaveLength(2);
    expect(lanAddresses('192.168.1.20', 4849, interfaces)).toEqual(['https://192.168.1.20:4849']);
    expect(lanAddresses('fd00::2', 4849, interfaces)).toEqual(['https://[fd00::2]:4849']);
    expect(lanAddresses('127.0.0.1', 4849, interfaces)).toEqual([]);
  });
});
