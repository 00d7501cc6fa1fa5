import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../src/main/hub/security/pin-hash.js';

describe('PIN hash', () => {
  it('verifies the right PIN and rejects a wrong one', async () => {
    const stored = await hashPin('4821');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPin('4821', stored)).toBe(true);
    expect(await verifyPin('4822', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPin('1234')).not.toBe(await hashPin('1234'));
  });

  it('treats a malformed stored value as a mismatch', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$AAAA$AAAA', 'bcrypt$16384$8$1$AAAA$AAAA', 'scrypt$16384$8$1$$']) {
      expect(await verifyPin('1234', stored)).toBe(false);
    }
  });
});
