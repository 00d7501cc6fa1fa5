import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt as scryptCallback,
  type ScryptOptions,
} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from './secret-store.js';

/** Names become file names, so they must not carry separators, leading dots or odd characters. */
const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new Error(
      `invalid secret name ${JSON.stringify(name)}: use 1-64 of a-z 0-9 . _ - starting with a letter or digit`,
    );
  }
}

export interface FileSecretStoreOptions {
  /** The data directory; secrets live in <dir>/secrets. */
  dir: string;
  /** The BACKROOM_MASTER_KEY value. Without it a random key is kept in <dir>/secrets/master.key. */
  masterKey?: string;
}

// Changing any of these makes existing secret files unreadable: they are part of the on-disk format.
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MASTER_KEY_SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** AES-256-GCM, one file per secret: <dir>/secrets/<name>.bin = version ‖ iv ‖ tag ‖ ciphertext. */
export async function createFileSecretStore(options: FileSecretStoreOptions): Promise<SecretStore> {
  const secretsDir = path.join(options.dir, 'secrets');
  await fs.mkdir(secretsDir, { recursive: true, mode: 0o700 });
  const key =
    options.masterKey === undefined
      ? await readOrCreateRandomFile(path.join(secretsDir, 'master.key'), KEY_BYTES)
      : await deriveKey(
          options.masterKey,
          await readOrCreateRandomFile(path.join(secretsDir, 'master.salt'), SALT_BYTES),
        );
  return new FileSecretStore(secretsDir, key);
}

class FileSecretStore implements SecretStore {
  constructor(
    private readonly secretsDir: string,
    private readonly key: Buffer,
  ) {}

  async get(name: string): Promise<Buffer | undefined> {
    assertSecretName(name);
    let data: Buffer;
    try {
      data = await fs.readFile(this.file(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      if (data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== FORMAT_VERSION) throw new Error('bad header');
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(name));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new Error(
        `secret "${name}" (${this.file(name)}) cannot be decrypted: the file was altered or was written with a ` +
          'different master key (BACKROOM_MASTER_KEY or secrets/master.key)',
        { cause },
      );
    }
  }

  async set(name: string, value: Buffer): Promise<void> {
    assertSecretName(name);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(name));
    const ciphertext = Buffer.concat([cipher.update(value), cipher.final()]);
    const data = Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), ciphertext]);
    await writeFileAtomic(this.file(name), data, 0o600);
  }

  private file(name: string): string {
    return path.join(this.secretsDir, `${name}.bin`);
  }
}

/** Binding the name stops one secret's file from being passed off as another's by renaming it. */
function associatedData(name: string): Buffer {
  return Buffer.from(`backroom-secret:${name}`, 'utf8');
}

function deriveKey(masterKey: string, salt: Buffer): Promise<Buffer> {
  // An empty value is almost certainly a misconfigured environment, not a chosen key.
  if (masterKey.length === 0) return Promise.reject(new Error('BACKROOM_MASTER_KEY is set but empty'));
  return new Promise((resolve, reject) =>
    scryptCallback(masterKey, salt, KEY_BYTES, MASTER_KEY_SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * Created via a hard link from a complete temp file, so a concurrent start or a crash can never leave a
 * half-written key, and an existing key is never replaced (that would orphan every secret encrypted with it). Every
 * start but the first finds the file, and reads it without writing and syncing a temp file first.
 */
async function readOrCreateRandomFile(file: string, size: number): Promise<Buffer> {
  let data = await readIfExists(file);
  if (data === undefined) {
    const temp = tempName(file);
    try {
      await writeDurably(temp, randomBytes(size), 0o600);
      await fs.link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
    data = await fs.readFile(file);
  }
  if (data.length !== size) throw new Error(`${file} must hold exactly ${size} bytes but holds ${data.length}`);
  return data;
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Readers see either the old or the new content, never a torn file. */
export async function writeFileAtomic(file: string, data: Buffer | string, mode: number): Promise<void> {
  const temp = tempName(file);
  try {
    await writeDurably(temp, data, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

async function writeDurably(file: string, data: Buffer | string, mode: number): Promise<void> {
  const handle = await fs.open(file, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempName(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`;
}
