import type { DeviceStorage } from '../core/ports.js';
import { WebCryptoSigner } from './webcrypto-signer.js';

/** The device's signing key: made once, kept in its storage, so it survives restarts and is the one the hub knows. */
export async function loadOrCreateDeviceSigner(storage: DeviceStorage): Promise<WebCryptoSigner> {
  const stored = await storage.getMeta('keys');
  if (stored) return WebCryptoSigner.fromStored(stored);
  const { signer, keys } = await WebCryptoSigner.generate();
  await storage.setMeta('keys', keys);
  return signer;
}
