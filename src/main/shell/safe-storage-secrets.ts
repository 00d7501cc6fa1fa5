/**
 * SecretStore backed by Electron safeStorage. safeStorage only encrypts; persisting the ciphertext is ours, one file per
 * secret under <userData>/secrets, mode 0600 so that other OS users cannot read even a weakly protected blob.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { safeStorage } from 'electron';

import type { SecretStore } from '../hub/security/secret-store.js';

export interface ShellLogger {
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

// Names become file names, so only a conservative alphabet; no separators, no leading dot.
const SECRET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const BACKEND_FILE = 'backend.json';

export class SafeStorageSecretStore implements SecretStore {
  private constructor(
    private readonly dir: string,
    private readonly log: ShellLogger,
    /** Linux backend name ('n/a' elsewhere); kept so the UI or logs can explain a weak setup. */
    readonly backend: string,
    /** False when the OS gives no real key protection (Linux `basic_text`): the 0600 file mode is then all there is. */
    readonly secure: boolean,
  ) {}

  /** Call after `app` is ready: before that the Linux backend is 'unknown' and encryption is unavailable. */
  static async open(options: { userDataDir: string; log: ShellLogger }): Promise<SafeStorageSecretStore> {
    const dir = join(options.userDataDir, 'secrets');
    await mkdir(dir, { recursive: true, mode: 0o700 });

    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error('safeStorage encryption is not available; secrets cannot be stored');
    }

    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'n/a';
    // basic_text encrypts with a key hard-coded in Chromium, i.e. obfuscation, not protection (Signal refuses it too).
    const secure = backend !== 'basic_text' && backend !== 'unknown';
    if (!secure) {
      options.log.warn(
        `safeStorage backend is "${backend}": secrets are only obfuscated and protected by file permissions. ` +
          'Run a keyring (GNOME Keyring / KWallet) or start with --password-store=gnome-libsecret for real protection.',
      );
    }
    await noteBackendChange(dir, backend, options.log);
    return new SafeStorageSecretStore(dir, options.log, backend, secure);
  }

  async get(name: string): Promise<Buffer | undefined> {
    const file = this.fileFor(name);
    let encrypted: Buffer;
    try {
      encrypted = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await safeStorage.decryptStringAsync(encrypted);
    } catch (error) {
      throw new Error(
        `cannot decrypt secret "${name}" (safeStorage backend "${this.backend}"); ` +
          `it may have been written under another OS user or keyring: ${(error as Error).message}`,
      );
    }
    const value = Buffer.from(decrypted.result, 'base64');
    if (decrypted.shouldReEncrypt) {
      // The OS key was rotated or upgraded: rewrite now so the old key can be dropped without losing this secret.
      await this.set(name, value);
    }
    return value;
  }

  async set(name: string, value: Buffer): Promise<void> {
    const file = this.fileFor(name);
    // safeStorage takes strings; base64 keeps arbitrary bytes (DER keys) intact.
    const encrypted = await safeStorage.encryptStringAsync(value.toString('base64'));
    await writeFileAtomic(file, encrypted);
  }

  private fileFor(name: string): string {
    if (!SECRET_NAME.test(name)) throw new Error(`invalid secret name: ${JSON.stringify(name)}`);
    return join(this.dir, `${name}.bin`);
  }
}

// Write-then-rename so a crash mid-write never leaves a truncated ciphertext that would lose the secret.
async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  await rename(temp, file);
}

/**
 * Secrets written under one Linux backend cannot be read under another (e.g. the keyring daemon was missing this
 * session). Say so loudly instead of letting it surface later as an obscure decrypt error.
 */
async function noteBackendChange(dir: string, backend: string, log: ShellLogger): Promise<void> {
  const file = join(dir, BACKEND_FILE);
  let previous: string | undefined;
  try {
    previous = (JSON.parse(await readFile(file, 'utf8')) as { backend?: string }).backend;
  } catch {
    previous = undefined;
  }
  if (previous !== undefined && previous !== backend) {
    log.error(
      `safeStorage backend changed from "${previous}" to "${backend}"; existing secrets will not decrypt until ` +
        'the previous backend is available again',
    );
    // Keep the old record so the warning repeats until the original backend is back.
    return;
  }
  if (previous === undefined) await writeFileAtomic(file, JSON.stringify({ backend }));
}
