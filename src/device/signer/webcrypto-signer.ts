import { fromBase64Url, toBase64Url } from '../../shared/base64url.js';
import type { EventSigner } from '../../shared/protocol/signing.js';
import type { StoredKeyPair } from '../core/ports.js';

const ED25519 = 'Ed25519';

/**
 * The device key: Ed25519 through WebCrypto, available in Node 20 and current browsers alike. The private key is
 * kept non-extractable once imported; only `generate()` sees it exportable, to hand it to storage once.
 */
export class WebCryptoSigner implements EventSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicKey: string,
  ) {}

  /** A new key pair, with its exported form for DeviceStorage (meta `keys`). */
  static async generate(): Promise<{ signer: WebCryptoSigner; keys: StoredKeyPair }> {
    const pair = (await subtle().generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
    const keys: StoredKeyPair = {
      privateKeyPkcs8: toBase64Url(new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey))),
      publicKeyRaw: toBase64Url(new Uint8Array(await subtle().exportKey('raw', pair.publicKey))),
    };
    return { signer: await WebCryptoSigner.fromStored(keys), keys };
  }

  static async fromStored(keys: StoredKeyPair): Promise<WebCryptoSigner> {
    const privateKey = await subtle().importKey(
      'pkcs8',
      arrayBacked(fromBase64Url(keys.privateKeyPkcs8)),
      ED25519,
      false,
      ['sign'],
    );
    return new WebCryptoSigner(privateKey, keys.publicKeyRaw);
  }

  async sign(bytes: Uint8Array): Promise<string> {
    return toBase64Url(new Uint8Array(await subtle().sign(ED25519, this.privateKey, arrayBacked(bytes))));
  }
}

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('WebCrypto is not available (browsers expose it only in secure contexts)');
  return api;
}

/** WebCrypto's typings refuse views that might sit on a SharedArrayBuffer; a copy is cheap at these sizes. */
function arrayBacked(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
