/**
 * Where secrets live (TLS key, later the Stripe key, KSeF token, offline certificate key).
 * Electron's safeStorage implements it in the shell; an encrypted file headless; memory in tests.
 */
export interface SecretStore {
  get(name: string): Promise<Buffer | undefined>;
  set(name: string, value: Buffer): Promise<void>;
}
