/**
 * The SDK outside src/device/node/ (and the Node-only simulator) must load in a browser till: no node: modules,
 * no Node-only packages, nothing from the hub. Checked over the whole import graph, not file by file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pairingTarget, type DiscoveredHub } from '../../src/device/node/mdns-discovery.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const BROWSER_ENTRY_POINTS = ['device/device.ts', 'device/client/pairing.ts', 'device/storage/memory-storage.ts'];
const BROWSER_SAFE_PACKAGES = new Set(['typebox', 'typebox/value', 'uuid', 'canonicalize']);

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1]!);
}

/** Every file reachable from the entry points, and every bare specifier they import. */
function importGraph(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((entry) => path.join(SRC, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) queue.push(path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('device SDK boundaries', () => {
  it('the browser-facing SDK reaches only browser-safe code', () => {
    const { files, packages } = importGraph(BROWSER_ENTRY_POINTS);
    const relative = [...files].map((file) => path.relative(SRC, file));
    expect(relative.filter((file) => !file.startsWith('device/') && !file.startsWith('shared/'))).toEqual([]);
    expect(relative.filter((file) => file.startsWith('device/node/') || file.startsWith('device/simulator/'))).toEqual(
      [],
    );
    expect([...packages].filter((name) => !BROWSER_SAFE_PACKAGES.has(name))).toEqual([]);
  });
});

describe('pairing target from mDNS', () => {
  const hub: DiscoveredHub = {
    name: 'Store 42 (3f2a9c1e)',
    host: 'backroom.local',
    addresses: ['fe80::1', '10.0.0.5'],
    port: 4849,
    txt: { hubId: 'h', storeId: 's', v: '1', fp: 'AA:BB' },
  };

  it('takes the IPv4 address, the port and the TXT fingerprint', () => {
    expect(pairingTarget(hub)).toEqual({ url: 'https://10.0.0.5:4849', fingerprint: 'AA:BB' });
  });

  it('offers nothing to pin when the hub announced no fingerprint or no IPv4 address', () => {
    expect(pairingTarget({ ...hub, txt: { hubId: 'h' } })).toBeUndefined();
    expect(pairingTarget({ ...hub, addresses: ['fe80::1'] })).toBeUndefined();
  });
});
