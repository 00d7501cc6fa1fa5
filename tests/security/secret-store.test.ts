import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../src/main/hub/security/file-secret-store.js';
import { MemorySecretStore } from '../../src/main/hub/security/memory-secret-store.js';
import { tempDir } from './helpers.js';

const posix = process.platform !== 'win32';

describe('file secret store', () => {
  it('round-trips a secret across instances with a generated key file', async () => {
    const dir = tempDir();
    await (await createFileSecretStore({ dir })).set('stripe.key', Buffer.from('sk_test_123'));
    const again = await createFileSecretStore({ dir });
    expect((await again.get('stripe.key'))?.toString()).toBe('sk_test_123');
    expect(await again.get('missing')).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'secrets', 'stripe.key.bin')).includes('sk_test_123')).toBe(false);
  });

  it.runIf(posix)('writes the secret and the key file with mode 0600', async () => {
    const dir = tempDir();
    await (await createFileSecretStore({ dir })).set('tls.key', Buffer.from('x'));
    expect(fs.statSync(path.join(dir, 'secrets', 'tls.key.bin')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'secrets', 'master.key')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.join(dir, 'secrets')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('overwrites a secret', async () => {
    const store = await createFileSecretStore({ dir: tempDir() });
    await store.set('token', Buffer.from('one'));
    await store.set('token', Buffer.from('two'));
    expect((await store.get('token'))?.toString()).toBe('two');
  });

  it('refuses a tampered file, naming the secret', async () => {
    const dir = tempDir();
    const store = await createFileSecretStore({ dir });
    await store.set('ksef.token', Buffer.from('secret value'));
    const file = path.join(dir, 'secrets', 'ksef.token.bin');
    const data = fs.readFileSync(file);
    data[data.length - 1]! ^= 0x01;
    fs.writeFileSync(file, data);
    await expect(store.get('ksef.token')).rejects.toThrow(/secret "ksef\.token".*cannot be decrypted/);
  });

  it('refuses a file renamed to another secret', async () => {
    const dir = tempDir();
    const store = await createFileSecretStore({ dir });
    await store.set('a', Buffer.from('for a'));
    fs.renameSync(path.join(dir, 'secrets', 'a.bin'), path.join(dir, 'secrets', 'b.bin'));
    await expect(store.get('b')).rejects.toThrow(/secret "b"/);
  });

  it('round-trips with a master key and fails with a different one', async () => {
    const dir = tempDir();
    await (await createFileSecretStore({ dir, masterKey: 'correct horse' })).set('tls.key', Buffer.from('pem'));
    const same = await createFileSecretStore({ dir, masterKey: 'correct horse' });
    expect((await same.get('tls.key'))?.toString()).toBe('pem');
    const other = await createFileSecretStore({ dir, masterKey: 'battery staple' });
    await expect(other.get('tls.key')).rejects.toThrow(/secret "tls\.key".*master key/);
    expect(fs.existsSync(path.join(dir, 'secrets', 'master.key'))).toBe(false);
  });

  it('refuses an empty master key', async () => {
    await expect(createFileSecretStore({ dir: tempDir(), masterKey: '' })).rejects.toThrow(/empty/);
  });

  it('rejects names that are not plain file names', async () => {
    const store = await createFileSecretStore({ dir: tempDir() });
    for (const name of ['../etc', 'a/b', '.hidden', '', 'UPPER', 'x'.repeat(65)]) {
      await expect(store.set(name, Buffer.from('v'))).rejects.toThrow(/invalid secret name/);
    }
  });
});

describe('memory secret store', () => {
  it('round-trips copies and validates names', async () => {
    const store = new MemorySecretStore();
    const value = Buffer.from('abc');
    await store.set('tls.key', value);
    value.fill(0);
    expect((await store.get('tls.key'))?.toString()).toBe('abc');
    expect(await store.get('other')).toBeUndefined();
    await expect(store.get('../x')).rejects.toThrow(/invalid secret name/);
  });
});
