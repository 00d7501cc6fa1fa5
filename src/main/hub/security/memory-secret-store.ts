import { assertSecretName } from './file-secret-store.js';
import type { SecretStore } from './secret-store.js';

/** For tests. Names are checked like the file store's so a test catches a name production would refuse. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, Buffer>();

  async get(name: string): Promise<Buffer | undefined> {
    assertSecretName(name);
    const value = this.secrets.get(name);
    // Copies on the way in and out, so callers that wipe or mutate their buffer don't change the stored secret.
    return value === undefined ? undefined : Buffer.from(value);
  }

  async set(name: string, value: Buffer): Promise<void> {
    assertSecretName(name);
    this.secrets.set(name, Buffer.from(value));
  }
}
