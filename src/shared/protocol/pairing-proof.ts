/**
 * Proof of possession at pairing (DESIGN §3): the device signs these bytes with the private key of the public key
 * it pairs with, so nobody can pair a key they do not hold (a copied or made-up one). The text binds the code too,
 * so a proof seen once cannot be replayed with another code. Part of the v1 contract: never change it; a new
 * form gets a new version prefix.
 */
export const PAIRING_PROOF_VERSION = 'backroom-pairing/v1';

/** UTF-8 of `backroom-pairing/v1\n<code>\n<publicKey>`, with `code` and `publicKey` exactly as sent. */
export function pairingProofBytes(code: string, publicKey: string): Uint8Array {
  return new TextEncoder().encode(`${PAIRING_PROOF_VERSION}\n${code}\n${publicKey}`);
}
